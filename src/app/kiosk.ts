/**
 * Kiosk mode: the app shows only recognition until the admin PIN is given. The state is the
 * database setting 'kiosk.enabled', not the URL or memory, so neither a reload nor a typed
 * address (#enroll, #settings, …) leaves it; a change made in another tab is followed too.
 *
 * It fails closed: until the setting is read, and whenever it cannot be read because the database
 * cannot be opened, the app is locked (`$locked`): the shell shows no admin view and no way out,
 * only an error screen (with "Try again"); nor is the update banner shown.
 */
import { atom, computed, type ReadableAtom } from 'nanostores';
import { onDbChange } from '../db';
import { hasPin, verifyPin, type PinCheck } from '../features/kiosk/admin-pin';
import { APP_DB, getDb } from './services';

const KEY = 'kiosk.enabled';

/**
 * 'reading': not read yet; 'on' / 'off': as stored; 'failed': the database could not be opened or
 * read at start, so whether kiosk mode is on is unknown (and the app stays locked).
 */
export type KioskState = 'reading' | 'on' | 'off' | 'failed';

const stateStore = atom<KioskState>('reading');
/** Kiosk mode's state as read from the database (see KioskState). */
export const $kioskState: ReadableAtom<KioskState> = stateStore;
/** Whether kiosk mode is on: false until loadKiosk() has read it; then entered or left, here or in another tab. */
export const $kiosk: ReadableAtom<boolean> = computed(stateStore, (s) => s === 'on');
/** Whether only the kiosk (or the start error screen) may show: true unless kiosk mode is known to be off. */
export const $locked: ReadableAtom<boolean> = computed(stateStore, (s) => s !== 'off');

/**
 * Reads the stored state (the app waits for it before it shows anything). On failure, a state
 * already read stays (a re-read after another tab's change must not unlock the app); before any,
 * the state becomes 'failed'; the error is thrown either way.
 */
export async function loadKiosk(): Promise<boolean> {
  try {
    const on = (await (await getDb()).getSetting<unknown>(KEY, false)) === true;
    stateStore.set(on ? 'on' : 'off');
    return on;
  } catch (err) {
    if (stateStore.get() === 'reading') stateStore.set('failed');
    throw err;
  }
}

/** Enters kiosk mode. There must be a PIN to leave it by: the UI has the admin set one first. */
export async function enterKiosk(): Promise<void> {
  if (!(await hasPin())) throw new Error('Set an admin PIN before starting kiosk mode.');
  await (await getDb()).setSetting(KEY, true);
  stateStore.set('on');
}

/** Leaves kiosk mode if `pin` is the admin PIN (rate-limited like every PIN check). */
export async function leaveKiosk(pin: string): Promise<PinCheck> {
  const check = await verifyPin(pin);
  if (check.ok) {
    await (await getDb()).setSetting(KEY, false);
    stateStore.set('off');
  }
  return check;
}

onDbChange(({ type, db, remote }) => {
  if (type === 'settings' && remote && db === APP_DB) loadKiosk().catch(() => undefined);
});
