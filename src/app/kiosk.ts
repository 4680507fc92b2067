/**
 * Kiosk mode: the app shows only recognition until the admin PIN is given. The state is the
 * database setting 'kiosk.enabled', not the URL or memory, so neither a reload nor a typed
 * address (#enroll, #settings, …) leaves it; a change made in another tab is followed too.
 */
import { dbEvents, type DbChangeEvent } from '../db';
import { hasPin, verifyPin, type PinCheck } from '../features/kiosk/admin-pin';
import { getDb } from './services';

const KEY = 'kiosk.enabled';

/** The route (#kiosk) that starts kiosk mode, for a tablet's start page or a shortcut. */
export const KIOSK_ROUTE = 'kiosk';

let enabled = false;
/** Fires 'change' when kiosk mode is entered or left (here or in another tab). */
export const kioskEvents = new EventTarget();

function set(value: boolean): void {
  if (value === enabled) return;
  enabled = value;
  kioskEvents.dispatchEvent(new Event('change'));
}

/** Reads the stored state (the app waits for it before it shows anything). */
export async function loadKiosk(): Promise<boolean> {
  set((await (await getDb()).getSetting<unknown>(KEY, false)) === true);
  return enabled;
}

export function isKiosk(): boolean {
  return enabled;
}

/** Enters kiosk mode. There must be a PIN to leave it by: the UI has the admin set one first. */
export async function enterKiosk(): Promise<void> {
  if (!(await hasPin())) throw new Error('Set an admin PIN before starting kiosk mode.');
  await (await getDb()).setSetting(KEY, true);
  set(true);
}

/** Leaves kiosk mode if `pin` is the admin PIN (rate-limited like every PIN check). */
export async function leaveKiosk(pin: string): Promise<PinCheck> {
  const check = await verifyPin(pin);
  if (check.ok) {
    await (await getDb()).setSetting(KEY, false);
    set(false);
  }
  return check;
}

dbEvents.addEventListener('settings-changed', (e) => {
  if ((e as DbChangeEvent).detail.remote) loadKiosk().catch(() => undefined);
});
