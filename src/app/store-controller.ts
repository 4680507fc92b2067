/**
 * The one way an element reads a shared store (src/app/stores.ts): `.value` is the store's value
 * and the host re-renders when it changes (@nanostores/lit's StoreController does both).
 * `onChange`, where given, is also called with each new value while the host is connected, for
 * the work a change starts besides a re-render (reload a list, push settings to a recognizer).
 *
 *   private readonly settings = new StoreController(this, $settings);
 *   render() { return html`${this.settings.value.mode}`; }
 */
import { StoreController as NanoStoreController } from '@nanostores/lit';
import type { ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

export class StoreController<T> {
  private readonly reader: NanoStoreController<T>;

  constructor(host: ReactiveControllerHost, store: ReadableAtom<T>, onChange?: (value: T) => void) {
    this.reader = new NanoStoreController(host, store);
    if (!onChange) return;
    let stop: (() => void) | null = null;
    host.addController({
      hostConnected: () => {
        stop ??= store.listen(() => onChange(store.get()));
      },
      hostDisconnected: () => {
        stop?.();
        stop = null;
      },
    });
  }

  get value(): T {
    return this.reader.value;
  }
}
