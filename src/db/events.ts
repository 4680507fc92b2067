/**
 * Change notifications: a listener given to `onDbChange` hears of each committed write at once in
 * this tab, and of the same write in other tabs through BroadcastChannel('visage-db').
 *
 *   const stop = onDbChange(({ type, db, remote }) => { if (type === 'people') ... });
 *   stop(); // no more calls
 */

/** What changed: the people (and their templates), the log, or a setting. */
export type DbChangeType = 'people' | 'log' | 'settings';

export interface DbChange {
  type: DbChangeType;
  /** The database's name (tests use several). */
  db: string;
  /** True when the change was made in another tab. */
  remote: boolean;
}

export type DbChangeListener = (change: DbChange) => void;

const listeners = new Set<DbChangeListener>();

/** Calls `listener` on every change (here and in other tabs) until the returned function is called. */
export function onDbChange(listener: DbChangeListener): () => void {
  // A wrapper per call: the same function subscribed twice is called twice and removed one at a time.
  const entry: DbChangeListener = (change) => listener(change);
  listeners.add(entry);
  return () => {
    listeners.delete(entry);
  };
}

function emit(change: DbChange): void {
  for (const listener of [...listeners]) {
    try {
      listener(change);
    } catch (err) {
      // One failing listener must not keep the change from the others (nor fail the write).
      console.error(err);
    }
  }
}

const CHANNEL_NAME = 'visage-db';
const TYPES: readonly string[] = ['people', 'log', 'settings'] satisfies DbChangeType[];

let channel: BroadcastChannel | null = null;
function getChannel(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (e: MessageEvent<unknown>) => {
    const msg = e.data as { type?: unknown; db?: unknown } | null;
    if (msg && typeof msg.type === 'string' && TYPES.includes(msg.type) && typeof msg.db === 'string') {
      emit({ type: msg.type as DbChangeType, db: msg.db, remote: true });
    }
  };
  return channel;
}

/** Announces a committed change here and in other tabs. */
export function notifyChange(type: DbChangeType, db: string): void {
  emit({ type, db, remote: false });
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
