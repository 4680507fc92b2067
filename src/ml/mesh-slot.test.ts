import { describe, expect, it } from 'vitest';
import { MeshSlot } from './mesh-slot';

class Model {
  disposed = false;
  dispose(): void {
    this.disposed = true;
  }
}

/** A loader whose load the test settles by hand, counting its calls. */
function loader() {
  const calls: Array<{ resolve: (m: Model) => void; reject: (e: unknown) => void }> = [];
  const load = () => new Promise<Model>((resolve, reject) => calls.push({ resolve, reject }));
  return { load, calls };
}

describe('MeshSlot', () => {
  it('without a loader is settled at once and gives no model', async () => {
    const slot = new MeshSlot<Model>(null);
    expect(slot.settled).toBe(true);
    await expect(slot.ready()).resolves.toBeNull();
  });

  it('loads once, on the first start() or ready(), and is settled when the model is there', async () => {
    const { load, calls } = loader();
    const slot = new MeshSlot(load);
    expect(calls).toHaveLength(0);
    expect(slot.settled).toBe(false);
    slot.start();
    slot.start();
    const waiting = slot.ready();
    expect(calls).toHaveLength(1);
    const model = new Model();
    calls[0]!.resolve(model);
    await expect(waiting).resolves.toBe(model);
    expect(slot.model).toBe(model);
    expect(slot.settled).toBe(true);
    await expect(slot.ready()).resolves.toBe(model);
    expect(calls).toHaveLength(1);
  });

  it('a failed load rejects its waiters and is kept as `error`; start() alone does not throw', async () => {
    const { load, calls } = loader();
    const slot = new MeshSlot(load);
    slot.start();
    const waiting = slot.ready();
    const failure = new Error('no mesh');
    calls[0]!.reject(failure);
    await expect(waiting).rejects.toBe(failure);
    expect(slot.error).toBe(failure);
    expect(slot.settled).toBe(false);
    await expect(slot.ready()).rejects.toBe(failure);
  });

  it('disposes its model, and one that comes after dispose()', async () => {
    const first = loader();
    const loaded = new MeshSlot(first.load);
    const waiting = loaded.ready();
    const model = new Model();
    first.calls[0]!.resolve(model);
    await waiting;
    loaded.dispose();
    expect(model.disposed).toBe(true);
    expect(loaded.model).toBeNull();

    const second = loader();
    const late = new MeshSlot(second.load);
    const pending = late.ready();
    late.dispose();
    const lateModel = new Model();
    second.calls[0]!.resolve(lateModel);
    await expect(pending).resolves.toBeNull();
    expect(lateModel.disposed).toBe(true);
    expect(late.model).toBeNull();
  });
});
