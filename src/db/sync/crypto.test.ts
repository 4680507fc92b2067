/** The ciphers and keys of sync (WebCrypto in Node). End to end through a server: sync.test.ts. */
import { describe, expect, it } from 'vitest';
import { checkWrappedKey, keyOpensCheck, makeKeyCheck, makeSiteKey, MIN_WRAP_ITERATIONS, openBody, pairingCode, readPairingCode, sealBody, unwrapSiteKey, wrapSiteKey } from './crypto';
import { codeOf } from '../../../test/support/sync-devices';

const PASS = 'a site passphrase';

describe('document bodies', () => {
  it('decrypt under their own id and key only', async () => {
    const key = await makeSiteKey();
    const body = { id: 'x', name: 'Ann' };
    const sealed = await sealBody(key, 'p:x', body);
    expect(await openBody(key, 'p:x', sealed)).toEqual(body);
    expect(await openBody(key, 'p:y', sealed)).toBeNull();
    expect(await openBody(await makeSiteKey(), 'p:x', sealed)).toBeNull();
    const ct = Uint8Array.from(atob(sealed.ct), (c) => c.charCodeAt(0));
    ct[0]! ^= 1;
    expect(await openBody(key, 'p:x', { iv: sealed.iv, ct: btoa(String.fromCharCode(...ct)) })).toBeNull();
    expect(await openBody(key, 'p:x', { iv: 'short', ct: sealed.ct })).toBeNull();
    // A fresh IV each time: the same body never gives the same ciphertext.
    expect((await sealBody(key, 'p:x', body)).ct).not.toBe(sealed.ct);
  });

  it('a key check tells the site key from another', async () => {
    const key = await makeSiteKey();
    const check = await makeKeyCheck(key);
    expect(await keyOpensCheck(key, check)).toBe(true);
    expect(await keyOpensCheck(await makeSiteKey(), check)).toBe(false);
    expect(await keyOpensCheck(key, null)).toBe(false);
  });
});

describe('the wrapped site key and pairing codes', () => {
  it('a pairing code carries the key to a device that knows the passphrase', async () => {
    const key = await makeSiteKey();
    const wrapped = await wrapSiteKey(key, PASS, MIN_WRAP_ITERATIONS);
    expect(wrapped).toMatchObject({ v: 1, kdf: 'PBKDF2-SHA-256', iterations: MIN_WRAP_ITERATIONS });
    const code = pairingCode(wrapped);
    expect(code).toMatch(/^visage-pair1\.[A-Za-z0-9_-]+$/);
    const joined = await unwrapSiteKey(readPairingCode(` ${code}\n`), PASS);
    const sealed = await sealBody(key, 'p:x', { ok: true });
    expect(await openBody(joined, 'p:x', sealed)).toEqual({ ok: true });
  });

  it('wrong passphrase, short passphrase, damaged or weakened codes: codes, not crashes', async () => {
    const key = await makeSiteKey();
    const wrapped = await wrapSiteKey(key, PASS, MIN_WRAP_ITERATIONS);
    expect(await codeOf(unwrapSiteKey(wrapped, 'another passphrase'))).toBe('sync-passphrase');
    expect(await codeOf(wrapSiteKey(key, 'short'))).toBe('sync-passphrase-short');
    const code = pairingCode(wrapped);
    const read = async (c: string) => readPairingCode(c);
    expect(await codeOf(read(code.slice(0, -10)))).toBe('sync-pairing');
    expect(await codeOf(read('hello'))).toBe('sync-pairing');
    expect(await codeOf(read(pairingCode({ ...wrapped, iterations: 1000 })))).toBe('sync-pairing');
    expect(await codeOf(Promise.resolve().then(() => checkWrappedKey({ ...wrapped, v: 2 })))).toBe('sync-pairing');
    await expect(wrapSiteKey(key, PASS, 100_000)).rejects.toThrow(RangeError);
  });
});
