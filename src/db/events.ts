/**
 * Change notifications: `dbEvents` fires in this tab at once after a write commits, and the
 * same event reaches other tabs through BroadcastChannel('visage-db').
 *
 *   dbEvents.addEventListener('people-changed', (e) => { const { db, remote } = (e as DbChangeEvent).detail; ... });
 */

export type DbChangeType = 'people-changed' | 'log-changed' | 'settings-changed';

export interface DbChangeDetail {
  /** The database's name (tests use several). */
  db: string;
  /** True when the change was made in another tab. */
  remote: boolean;
}

export type DbChangeEvent = CustomEvent<DbChangeDetail>;

export const dbEvents = new EventTarget();

const CHANNEL_NAME = 'visage-db';
const TYPES: readonly string[] = ['people-changed', 'log-changed', 'settings-changed'];

let channel: BroadcastChannel | null = null;
function getChannel(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (e: MessageEvent<unknown>) => {
    const msg = e.data as { type?: unknown; db?: unknown } | null;
    if (msg && typeof msg.type === 'string' && TYPES.includes(msg.type) && typeof msg.db === 'string') {
      dbEvents.dispatchEvent(new CustomEvent<DbChangeDetail>(msg.type, { detail: { db: msg.db, remote: true } }));
    }
  };
  return channel;
}

/** Announces a committed change here and in other tabs. */
export function notifyChange(type: DbChangeType, db: string): void {
  dbEvents.dispatchEvent(new CustomEvent<DbChangeDetail>(type, { detail: { db, remote: false } }));
  try {
    getChannel()?.postMessage({ type, db });
  } catch {
    // A closed channel must never make a committed write look failed.
  }
}

/** Starts listening for other tabs' changes (done on import; safe to call again). */
export function listenToOtherTabs(): void {
  getChannel();
}
listenToOtherTabs();
