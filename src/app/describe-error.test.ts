import { beforeEach, describe, expect, it, vi } from 'vitest';

// i18n.ts reads the saved language and sets <html lang> as it loads: give it what a page has.
vi.stubGlobal('document', { documentElement: { lang: '' } });
vi.stubGlobal('localStorage', { getItem: () => 'en', setItem: () => undefined });

const { setLocale } = await import('./i18n');
const { describeError } = await import('./describe-error');
const { DbError, toDbError } = await import('../db/errors');
const { validateName } = await import('../db/validate');
const { CameraError, toCameraError } = await import('../features/camera/camera');
const { ModelError, toModelError } = await import('../ml/errors');

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
};

describe('describeError', () => {
  beforeEach(() => setLocale('en'));

  it('words DbErrors by code, never by their English message', () => {
    const quota = toDbError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(quota.message).toContain('Storage is full'); // the developer's message stays
    expect(describeError(quota)).toBe('The device storage is full: nothing was saved. Free some space and try again.');
    expect(describeError(toDbError(new DOMException('closing', 'InvalidStateError')))).toMatch(/another tab\. Reload the page\.$/);
    expect(describeError(new DbError('backup-passphrase', 'The passphrase is wrong: it does not open this backup.'))).toBe('Wrong passphrase. Nothing was changed.');
    expect(describeError(new DbError('aborted', 'Cancelled.'))).toBe('Cancelled: nothing was changed.');
  });

  it('words a refused name by its reason', () => {
    expect(describeError(thrown(() => validateName('  ')))).toBe('Enter a name.');
    expect(describeError(thrown(() => validateName('x'.repeat(101))))).toBe('The name is too long (at most 100 characters).');
    expect(describeError(thrown(() => validateName('a\nb')))).toBe('The name must not contain control characters (such as a line break).');
    expect(describeError(thrown(() => validateName(7)))).toBe('The name must be text.');
  });

  it('words camera and model errors by code', () => {
    expect(describeError(toCameraError(new DOMException('Permission denied', 'NotAllowedError')))).toMatch(/^Camera access was denied\./);
    expect(describeError(new CameraError('ended'))).toMatch(/^The camera stopped/);
    expect(describeError(new ModelError('no-backend', 'No TensorFlow.js backend could start: …'))).toMatch(/cannot run in this browser/);
    expect(toModelError(new TypeError('Failed to fetch dynamically imported module: /assets/pipeline.js')).code).toBe('download');
    expect(toModelError(new Error('Request to /models/x/model.json failed with status code 404.')).code).toBe('download');
    expect(toModelError(new Error('out of memory')).code).toBe('load');
  });

  it('goes by name and code, so errors that crossed a worker (plain objects) are worded too', () => {
    expect(describeError({ name: 'DbError', code: 'quota', message: 'Storage is full' })).toMatch(/^The device storage is full/);
    expect(describeError({ name: 'DbError', code: 'no-such-code', message: 'x' })).toBe('Unexpected error: x.');
  });

  it('cancels, raw quota errors and the unforeseen', () => {
    expect(describeError(new DOMException('Analysis cancelled', 'AbortError'))).toBe('Cancelled.');
    expect(describeError(new DOMException('full', 'QuotaExceededError'))).toMatch(/^The device storage is full/);
    expect(describeError(new Error('Something odd.'))).toBe('Unexpected error: Something odd.');
    expect(describeError('a string')).toBe('Unexpected error: a string.');
  });

  it('speaks the current language', () => {
    setLocale('zh-Hans');
    expect(describeError(new DbError('quota', 'Storage is full'))).toBe('设备存储空间已满，未保存任何内容。请释放空间后重试。');
    expect(describeError(thrown(() => validateName('x'.repeat(101))))).toBe('姓名过长（最多 100 个字符）。');
    expect(describeError(new CameraError('no-camera'))).toBe('未找到摄像头。请连接摄像头后重试。');
    expect(describeError(new Error('boom'))).toBe('意外错误：boom。');
  });
});
