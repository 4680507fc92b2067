/**
 * Kiosk mode: the app shows only recognition until the admin PIN is given. The state is the
 * database setting 'kiosk.enabled', not the URL or memory, so neither a reload nor a typed
 * address (#enroll, #settings, …) leaves it; a change made in another tab is followed too.
 */
import { atom, type ReadableAtom } from 'nanostores';
import { onDbChange } from '../db';
import { hasPin, verifyPin, type PinCheck } from '../features/kiosk/admin-pin';
import { APP_DB, getDb } from './services';

const KEY = 'kiosk.enabled';

/** The route (#kiosk) that starts kiosk mode, for a tablet's start page or a shortcut. */
export const KIOSK_ROUTE = 'kiosk';

const kioskStore = atom(false);
/** Whether kiosk mode is on: false until loadKiosk() has read it; then entered or left, here or in another tab. */
export const $kiosk: ReadableAtom<boolean> = kioskStore;

/** Reads the stored state (the app waits for it before it shows anything). */
export async function loadKiosk(): Promise<boolean> {
  kioskStore.set((await (await getDb()).getSetting<unknown>(KEY, false)) === true);
  return kioskStore.get();
}

/** Enters kiosk mode. There must be a PIN to leave it by: the UI has the admin set one first. */
export async function enterKiosk(): Promise<void> {
  if (!(await hasPin())) throw new Error('Set an admin PIN before starting kiosk mode.');
  await (await getDb()).setSetting(KEY, true);
  kioskStore.set(true);
}

/** Leaves kiosk mode if `pin` is the admin PIN (rate-limited like every PIN check). */
export async function leaveKiosk(pin: string): Promise<PinCheck> {
  const check = await verifyPin(pin);
  if (check.ok) {
    await (await getDb()).setSetting(KEY, false);
    kioskStore.set(false);
  }
  return check;
}

onDbChange(({ type, db, remote }) => {
  if (type === 'settings' && remote && db === APP_DB) loadKiosk().catch(() => undefined);
});
