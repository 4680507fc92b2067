/**
 * Work the app must not be interrupted in (an enrolment under way): an update waits for it.
 * Components say when they are busy through BusyController; the update banner reads `$busy`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { atom, type ReadableAtom } from 'nanostores';

const holders = new Set<object>();
const busyStore = atom(false);
/** Whether some component is busy (true from the first holder until the last one is done). */
export const $busy: ReadableAtom<boolean> = busyStore;

export function isBusy(): boolean {
  return busyStore.get();
}

function set(holder: object, busy: boolean): void {
  if (busy) holders.add(holder);
  else holders.delete(holder);
  busyStore.set(holders.size > 0);
}

/** Marks `host` busy whenever `busy()` is true after an update, and idle once it leaves the page. */
export class BusyController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & object,
    private readonly busy: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    set(this.host, this.busy());
  }

  hostDisconnected(): void {
    set(this.host, false);
  }
}
