/**
 * Work the app must not be interrupted in (an enrolment under way): an update waits for it.
 * Components say when they are busy through BusyController; the update banner asks isBusy().
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const holders = new Set<object>();
/** Fires 'change' when the app becomes busy or idle. */
export const busyEvents = new EventTarget();

export function isBusy(): boolean {
  return holders.size > 0;
}

function set(holder: object, busy: boolean): void {
  const before = holders.size;
  if (busy) holders.add(holder);
  else holders.delete(holder);
  if ((before > 0) !== (holders.size > 0)) busyEvents.dispatchEvent(new Event('change'));
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
