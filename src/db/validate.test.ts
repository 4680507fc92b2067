/** The one name rule (typed input and backups alike). */
import { describe, expect, it } from 'vitest';
import { DbError } from './errors';
import { validateName } from './validate';

const problem = (name: unknown) => {
  try {
    validateName(name);
    return 'ok';
  } catch (err) {
    return err instanceof DbError ? `${err.code}/${err.nameProblem}` : String(err);
  }
};

describe('validateName', () => {
  it('strips Unicode format characters (Cf): bidi overrides and isolates, zero-width characters, BOM, soft hyphen', () => {
    expect(validateName('\u202eAnn\u202c')).toBe('Ann');
    expect(validateName('Ad\u200bmin\u200c\u200d')).toBe('Admin');
    expect(validateName('\u2066Bob\u2069 \ufeff')).toBe('Bob');
    expect(validateName('Jo\u00adhn')).toBe('John');
    expect(validateName('\u061cسارا')).toBe('سارا');
  });

  it('keeps every script, trims, NFC-normalises', () => {
    expect(validateName('  李小龙 🐉 ')).toBe('李小龙 🐉');
    expect(validateName('Jose\u0301')).toBe('José');
  });

  it('a name of format characters only is empty; control characters and length are still refused', () => {
    expect(problem('\u200b\u202e\u200d')).toBe('invalid-name/empty');
    expect(problem('a\nb')).toBe('invalid-name/control-characters');
    expect(problem('x'.repeat(101))).toBe('invalid-name/too-long');
    // Format characters do not count towards the limit: they are gone.
    expect(validateName('x'.repeat(100) + '\u200b'.repeat(50))).toHaveLength(100);
    expect(problem(42)).toBe('invalid-name/not-text');
  });
});
