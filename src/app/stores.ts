/**
 * The app's shared state, each a typed store (nanostores: tiny, framework-free, so src/app
 * services and plain classes such as the live recognizer subscribe as elements do). An element
 * reads one with `StoreController` (re-rendered on each change); other code calls `.get()`,
 * `.listen()` or `.subscribe()` (each returns its unsubscribe). Each store is written only by the
 * module that owns it:
 *
 * - `$settings: Settings` (services.ts): the saved settings; loadSettings() / updateSettings().
 * - `$kiosk: boolean` (kiosk.ts): kiosk mode is on; enterKiosk() / leaveKiosk(). `$kioskState`
 *   (reading / on / off / failed) and `$locked` (true unless kiosk mode is known to be off) follow it.
 * - `$galleryVersion`, `$logVersion: number` (here): bumped when the people (and their templates)
 *   or the log change; whoever shows them reads them again.
 * - `$busy: boolean` (busy.ts): an enrolment is under way; BusyController.
 * - `$updatesWaiting: number` (here; pwa.ts counts): new versions found waiting.
 * - `$locale: Locale` (i18n.ts): the UI language; setLocale().
 *
 * Settings, kiosk mode, people and log follow other tabs: the database's change notices
 * (src/db onDbChange, BroadcastChannel) reach the stores, which read the database again.
 */
import { atom, type ReadableAtom } from 'nanostores';
import { onDbChange } from '../db';
import { APP_DB } from './services';

export { StoreController } from './store-controller';
export { $settings, type Settings } from './services';
export { $kiosk, $kioskState, $locked, type KioskState } from './kiosk';
export { $busy } from './busy';
export { $locale } from './i18n';

const galleryVersion = atom(0);
const logVersion = atom(0);
/** Bumped when people or their templates change (enrolment, rename, delete, import), here or in another tab. */
export const $galleryVersion: ReadableAtom<number> = galleryVersion;
/** Bumped when the log changes (an entry written, the log cleared or imported), here or in another tab. */
export const $logVersion: ReadableAtom<number> = logVersion;

onDbChange(({ type, db }) => {
  if (db !== APP_DB) return;
  if (type === 'people') galleryVersion.set(galleryVersion.get() + 1);
  else if (type === 'log') logVersion.set(logVersion.get() + 1);
});

const updatesWaiting = atom(0);
/**
 * How many new versions of the app this page found installed and waiting (0: none). Each one is
 * a change: an update banner dismissed for one shows again for the next.
 */
export const $updatesWaiting: ReadableAtom<number> = updatesWaiting;

/** A new version installed and waits (pwa.ts). */
export function updateFound(): void {
  updatesWaiting.set(updatesWaiting.get() + 1);
}
