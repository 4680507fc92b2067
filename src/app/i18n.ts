/**
 * English and Simplified Chinese. Each part of the UI keeps its strings in one table
 * (`defineStrings({ en: {...}, 'zh-Hans': {...} })`, the same keys in both, checked by the compiler)
 * and declares it in `StringTables`, so that `t()` and `tn()` accept only keys that exist.
 * `t()` looks a key up in the current language, falling back to English, and fills `{name}`
 * placeholders; `tn()` picks a plural form by the language's plural rules (Intl.PluralRules).
 * Components re-render on a change of language through `LocaleController` (the `$locale` store).
 */
import type { ReactiveControllerHost } from 'lit';
import { atom, type ReadableAtom } from 'nanostores';
import { StoreController } from './store-controller';
import type { Locale, Message, Plural, StringTable } from './define-strings';
import { appStrings } from './strings';

export { LOCALES, defineStrings, type Locale, type Plural, type StringTable } from './define-strings';

/**
 * Every string table, by part. Each strings file adds its own:
 *   declare module '../../app/i18n' { interface StringTables { people: typeof peopleStrings } }
 */
export interface StringTables {
  app: typeof appStrings;
}

type EnglishOf<T> = T extends StringTable<infer E> ? E : never;
/** The keys of all tables whose English value is of type V. */
type KeysWhere<V> = StringTables[keyof StringTables] extends infer T
  ? T extends unknown
    ? { [K in keyof EnglishOf<T>]: EnglishOf<T>[K] extends V ? K : never }[keyof EnglishOf<T>] & string
    : never
  : never;

/** A key of a plain text (for `t()`). */
export type MessageKey = KeysWhere<string>;
/** A key of a text with plural forms (for `tn()`). */
export type PluralKey = KeysWhere<Plural<'en'>>;
/** Values for a text's `{name}` placeholders. */
export type Vars = Record<string, string | number>;

/** What the lookup needs of a table (made by defineStrings), whatever its keys. */
export interface AnyTable {
  readonly en: Readonly<Record<string, Message>>;
  readonly 'zh-Hans': Readonly<Record<string, Message>>;
}
const tables: AnyTable[] = [appStrings];
const STORAGE_KEY = 'visage.locale';

/** The language the browser prefers, among ours. */
export function browserLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const lang of languages) {
    if (/^zh(-(hans|cn|sg)|$)/i.test(lang)) return 'zh-Hans';
    if (/^en\b/i.test(lang)) return 'en';
  }
  return 'en';
}

let current: Locale = (() => {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-Hans') return saved;
  } catch {
    // Storage unavailable (private mode): follow the browser.
  }
  return browserLocale();
})();

const localeStore = atom<Locale>(current);
/** The UI language (setLocale changes it). */
export const $locale: ReadableAtom<Locale> = localeStore;

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered; still switched.
  }
  document.documentElement.lang = locale;
  localeStore.set(locale);
}

/** Adds a part's strings (each part registers its tables where they are used). */
export function registerStrings(table: AnyTable): void {
  if (!tables.includes(table)) tables.push(table);
}

/** The message of `key` in the current language, else in English. */
function lookup(key: string): Message | undefined {
  let text: Message | undefined;
  for (const table of tables) text ??= table[current][key];
  for (const table of tables) text ??= table.en[key];
  if (text === undefined) console.warn(`i18n: no string "${key}"`);
  return text;
}

function fill(text: string, vars: Vars): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/**
 * Whether `key` names a plain text: for keys made from data at run time (a code read from the
 * database, a loading step), which the compiler cannot check.
 */
export function hasMessage(key: string): key is MessageKey {
  return tables.some((table) => typeof table.en[key] === 'string');
}

export function t(key: MessageKey, vars: Vars = {}): string {
  const text = lookup(key) ?? key;
  return fill(typeof text === 'string' ? text : text.other, vars);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The plural category of `n` in the current language ('one' or 'other' in English; always 'other' in Chinese). */
function pluralCategory(n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(current);
  if (!rules) pluralRules.set(current, (rules = new Intl.PluralRules(current)));
  return rules.select(n);
}

/**
 * `t(key)` for a count `n` (also filled in as `{n}`): the form of `n`'s plural category in the
 * current language, else its 'other' form.
 */
export function tn(key: PluralKey, n: number, vars: Vars = {}): string {
  const text = lookup(key) ?? key;
  const form = typeof text === 'string' ? text : ((text as Readonly<Partial<Record<Intl.LDMLPluralRule, string>>>)[pluralCategory(n)] ?? text.other);
  return fill(form, { ...vars, n });
}

/** Formats a time in the current language. */
export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString(current === 'zh-Hans' ? 'zh-CN' : 'en');
}

/** Formats a number of bytes (kB, MB, GB) in the current language. */
export function formatBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  const step = Math.min(units.length - 1, Math.max(0, Math.floor(Math.log10(Math.max(bytes, 1)) / 3)));
  const value = bytes / 1000 ** step;
  return new Intl.NumberFormat(current === 'zh-Hans' ? 'zh-CN' : 'en', {
    style: 'unit',
    unit: units[step],
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}

/** Re-renders its host when the language changes. */
export class LocaleController extends StoreController<Locale> {
  constructor(host: ReactiveControllerHost) {
    super(host, $locale);
  }
}

document.documentElement.lang = current;
