import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { atom } from 'nanostores';
import { describe, expect, it } from 'vitest';
import { StoreController } from './store-controller';

/** A stand-in for a Lit element: counts update requests, connects and disconnects its controllers. */
class Host implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
  connect(): void {
    this.controllers.forEach((c) => c.hostConnected?.());
  }
  disconnect(): void {
    this.controllers.forEach((c) => c.hostDisconnected?.());
  }
}

describe('StoreController', () => {
  it("reads the store's value and re-renders its host on each change while connected", () => {
    const store = atom(1);
    const host = new Host();
    const controller = new StoreController(host, store);
    expect(controller.value).toBe(1);
    host.connect();
    const before = host.updates;
    store.set(2);
    expect(controller.value).toBe(2);
    expect(host.updates).toBe(before + 1);
    host.disconnect();
    store.set(3);
    expect(host.updates).toBe(before + 1);
    expect(controller.value).toBe(3);
  });

  it('calls onChange with each new value while connected, not on connecting, not after disconnecting', () => {
    const store = atom('a');
    const host = new Host();
    const seen: string[] = [];
    new StoreController(host, store, (value) => seen.push(value));
    store.set('before');
    host.connect();
    expect(seen).toEqual([]);
    store.set('b');
    store.set('b');
    store.set('c');
    host.disconnect();
    store.set('d');
    host.connect();
    host.connect();
    store.set('e');
    expect(seen).toEqual(['b', 'c', 'e']);
  });
});
