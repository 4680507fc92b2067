import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCALES, defineStrings, type Locale } from './define-strings';

// i18n.ts reads the saved language and sets <html lang> as it loads: give it what a page has.
vi.stubGlobal('document', { documentElement: { lang: '' } });
vi.stubGlobal('localStorage', { getItem: () => 'en', setItem: () => undefined });

const { registerStrings, setLocale, t, tn, hasMessage } = await import('./i18n');
const { peopleStrings } = await import('../features/people/strings');
const { backupStrings } = await import('../features/backup/strings');
const { enrollStrings } = await import('../features/enroll/strings');
const { captureStrings } = await import('../features/enroll/capture-strings');
for (const table of [peopleStrings, backupStrings, enrollStrings, captureStrings]) registerStrings(table);

describe('plurals by Intl.PluralRules', () => {
  beforeEach(() => setLocale('en'));

  it("English: the 'one' form for 1, 'other' for 0, 2 and more", () => {
    expect([0, 1, 2, 21].map((n) => tn('people.samples', n))).toEqual(['0 samples', '1 sample', '2 samples', '21 samples']);
    expect(tn('backup.people', 1)).toBe('1 person');
    expect(tn('backup.logEntries', 3)).toBe('3 log entries');
    expect(tn('enroll.done', 1, { name: 'Ann' })).toBe('Enrolled Ann with 1 sample');
    expect(tn('enroll.added', 4, { name: 'Ann' })).toBe('Added 4 samples to Ann');
  });

  it("a text without a 'one' form uses 'other' for 1", () => {
    expect(tn('capture.saved', 1, { name: 'Ann' })).toBe('Ann was enrolled with 1 samples.');
    expect(tn('capture.saved', 5, { name: 'Ann' })).toBe('Ann was enrolled with 5 samples.');
  });

  it("Chinese: one form ('other') for every count", () => {
    setLocale('zh-Hans');
    expect([0, 1, 2].map((n) => tn('people.samples', n))).toEqual(['0 个样本', '1 个样本', '2 个样本']);
    expect(tn('backup.people', 1)).toBe('1 人');
    expect(tn('enroll.done', 1, { name: '安' })).toBe('已录入 安，共 1 个样本');
  });
});

describe('t', () => {
  it('fills placeholders in the current language and leaves unknown ones', () => {
    setLocale('en');
    expect(t('people.noMatch', { query: 'x' })).toBe('Nobody matches "x".');
    expect(t('people.noMatch')).toBe('Nobody matches "{query}".');
    setLocale('zh-Hans');
    expect(t('people.rename', { name: '安' })).toBe('重命名 安');
  });

  it('hasMessage tells keys made at run time from unknown ones', () => {
    expect(hasMessage('people.title')).toBe(true);
    expect(hasMessage('people.samples')).toBe(false); // plural forms: tn()
    expect(hasMessage('people.nope')).toBe(false);
  });
});

describe('the string tables', () => {
  const tables = { peopleStrings, backupStrings, enrollStrings, captureStrings };
  it.each(Object.entries(tables))('%s: every language has the same keys (also checked by the compiler)', (_, table) => {
    const keys = (locale: Locale) => Object.keys(table[locale]).sort();
    for (const locale of LOCALES) expect(keys(locale)).toEqual(keys('en'));
  });
});

// Compile-time checks (tsc -p tsconfig.node.json): each line below must fail to type-check.
export const compileTimeChecks = () => {
  // @ts-expect-error a misspelt key
  t('people.titel');
  // @ts-expect-error a plural text needs tn()
  t('people.samples');
  // @ts-expect-error a plain text has no plural forms
  tn('people.title', 2);
  defineStrings({
    en: { 'a.x': 'x', 'a.y': 'y' },
    // @ts-expect-error a key is missing in Chinese
    'zh-Hans': { 'a.x': 'x' },
  });
  defineStrings({
    en: { 'a.x': 'x' },
    // @ts-expect-error a key English does not have
    'zh-Hans': { 'a.x': 'x', 'a.z': 'z' },
  });
  defineStrings({
    en: { 'a.n': { one: '1 x', other: '{n} x' } },
    // @ts-expect-error English has plural forms here, Chinese must too
    'zh-Hans': { 'a.n': '{n} x' },
  });
  defineStrings({
    en: { 'a.n': { one: '1 x', other: '{n} x' } },
    // @ts-expect-error Chinese has no 'one' form
    'zh-Hans': { 'a.n': { one: '1 x', other: '{n} x' } },
  });
};
