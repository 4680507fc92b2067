import { afterEach, describe, expect, it } from 'vitest';
import { notifyChange, onDbChange, type DbChange } from './events';

const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

function record(): DbChange[] {
  const heard: DbChange[] = [];
  stops.push(onDbChange((change) => heard.push(change)));
  return heard;
}

describe('onDbChange', () => {
  it('hears a change made here at once, until unsubscribed', () => {
    const heard: DbChange[] = [];
    const stop = onDbChange((change) => heard.push(change));
    notifyChange('people', 'a');
    expect(heard).toEqual([{ type: 'people', db: 'a', remote: false }]);
    stop();
    notifyChange('log', 'a');
    expect(heard).toHaveLength(1);
  });

  it('one listener that throws does not keep the change from the others', () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      stops.push(
        onDbChange(() => {
          throw new Error('listener failed');
        }),
      );
      const heard = record();
      expect(() => notifyChange('settings', 'b')).not.toThrow();
      expect(heard).toEqual([{ type: 'settings', db: 'b', remote: false }]);
    } finally {
      console.error = original;
    }
  });

  it("hears another tab's change through BroadcastChannel('visage-db'), marked remote; ignores malformed messages", async () => {
    const heard = record();
    const otherTab = new BroadcastChannel('visage-db');
    try {
      otherTab.postMessage({ type: 'nonsense', db: 'c' });
      otherTab.postMessage({ type: 'log' });
      otherTab.postMessage({ type: 'log', db: 'c' });
      await expect.poll(() => heard.length).toBe(1);
      expect(heard).toEqual([{ type: 'log', db: 'c', remote: true }]);
    } finally {
      otherTab.close();
    }
  });

  it('tells other tabs of a change made here', async () => {
    const otherTab = new BroadcastChannel('visage-db');
    const received: unknown[] = [];
    otherTab.onmessage = (e: MessageEvent<unknown>) => received.push(e.data);
    try {
      notifyChange('people', 'd');
      await expect.poll(() => received).toEqual([{ type: 'people', db: 'd' }]);
    } finally {
      otherTab.close();
    }
  });
});
