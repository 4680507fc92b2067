import { describe, expect, it } from 'vitest';
import { DbError } from './errors';
import { onStorageProblem, reportIfStorageProblem, reportStorageProblem, storageProblem, storageRecovered } from './storage-status';

describe('storage status', () => {
  it('tells listeners the most serious problem, once per change, until it is over', () => {
    const seen: Array<string | null> = [];
    const stop = onStorageProblem((p) => seen.push(p));
    reportIfStorageProblem(new DbError('invalid-name', 'The name is empty.')); // the caller's fault: no problem
    reportIfStorageProblem(new DbError('quota', 'Storage is full'));
    reportIfStorageProblem(new DbError('quota', 'Storage is full')); // the same again: no news
    reportStorageProblem('closed'); // more serious
    storageRecovered('quota'); // still closed
    expect(storageProblem()).toBe('closed');
    storageRecovered('closed');
    stop();
    reportStorageProblem('lost'); // after unsubscribing: not heard
    expect(seen).toEqual([null, 'quota', 'closed', null]);
    storageRecovered('lost');
    expect(storageProblem()).toBe(null);
  });
});
