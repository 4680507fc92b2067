import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdEvents, prestartVisionWorker, takePrestartedWorker } from './vision-worker';

/** A stand-in for the page's Worker: an event target that remembers how it was made. */
class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    super();
    FakeWorker.made.push(this);
  }
}
vi.stubGlobal('Worker', FakeWorker);

const PAGE = 'https://visage.example/index.html';

afterEach(() => {
  takePrestartedWorker();
  FakeWorker.made = [];
});

describe('prestartVisionWorker', () => {
  it('starts the vision worker for the views that run the models at once: Live (the default) and the kiosk', () => {
    for (const hash of ['', '#live', '#kiosk', '#live?x=1', '#nowhere']) {
      prestartVisionWorker(hash, PAGE + hash);
      const taken = takePrestartedWorker();
      expect(taken?.worker, hash).toBe(FakeWorker.made.at(-1));
      expect(FakeWorker.made.at(-1)!.url.pathname).toMatch(/vision\.worker\.ts$/);
      expect(FakeWorker.made.at(-1)!.options).toEqual({ type: 'module', name: 'visage-vision' });
    }
    expect(FakeWorker.made).toHaveLength(5);
  });

  it('starts none for the other views, nor when the models are to run on the main thread', () => {
    for (const hash of ['#enroll', '#people', '#log', '#settings']) prestartVisionWorker(hash, PAGE + hash);
    prestartVisionWorker('#live', `${PAGE}?recognition=main#live`);
    expect(FakeWorker.made).toHaveLength(0);
    expect(takePrestartedWorker()).toBeNull();
  });

  it('starts one worker, taken once', () => {
    prestartVisionWorker('#live', PAGE);
    prestartVisionWorker('#live', PAGE);
    expect(FakeWorker.made).toHaveLength(1);
    expect(takePrestartedWorker()?.worker).toBe(FakeWorker.made[0]);
    expect(takePrestartedWorker()).toBeNull();
  });

  it('hands on what the worker said before it was taken, once the taker listens', () => {
    prestartVisionWorker('#live', PAGE);
    const worker = FakeWorker.made[0]!;
    worker.dispatchEvent(new MessageEvent('message', { data: { visageAlive: 'lock-1' } }));
    const failure = new Event('error', { cancelable: true });
    worker.dispatchEvent(failure);
    expect(failure.defaultPrevented).toBe(true);
    const taken = takePrestartedWorker()!;
    const heard: unknown[] = [];
    taken.worker.addEventListener('message', (e) => heard.push((e as MessageEvent).data));
    taken.worker.addEventListener('error', (e) => heard.push(e.type));
    expect(heard).toEqual([]);
    taken.replay();
    worker.dispatchEvent(new MessageEvent('message', { data: 'later' }));
    expect(heard).toEqual([{ visageAlive: 'lock-1' }, 'error', 'later']);
  });
});

describe('holdEvents', () => {
  it('keeps only the types asked for, and fires them again in order, once', () => {
    const target = new EventTarget();
    const release = holdEvents(target, ['a', 'b']);
    for (const type of ['b', 'c', 'a']) target.dispatchEvent(new Event(type));
    const heard: string[] = [];
    for (const type of ['a', 'b', 'c']) target.addEventListener(type, () => heard.push(type));
    release();
    release();
    expect(heard).toEqual(['b', 'a']);
  });
});
