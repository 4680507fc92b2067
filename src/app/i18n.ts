/**
 * English and Simplified Chinese. Each part of the UI keeps its strings in one file under
 * ./locales/ (`{ en: {...}, 'zh-Hans': {...} }`, the same keys in both); `t()` looks a key up in
 * the current language, falling back to English, and fills `{name}` placeholders.
 * Components re-render on a change of language through `LocaleController` (the `$locale` store).
 */
import type { ReactiveControllerHost } from 'lit';
import { atom, type ReadableAtom } from 'nanostores';
import { StoreController } from './store-controller';
import { appStrings } from './strings';

export const LOCALES = ['en', 'zh-Hans'] as const;
export type Locale = (typeof LOCALES)[number];
export type Strings = Record<string, string>;
export interface StringTable {
  en: Strings;
  'zh-Hans': Strings;
}

const tables: StringTable[] = [appStrings];
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

/** Adds a part's strings (each locales/*.ts registers itself where it is used). */
export function registerStrings(table: StringTable): void {
  if (!tables.includes(table)) tables.push(table);
}

export function t(key: string, vars: Record<string, string | number> = {}): string {
  let text: string | undefined;
  for (const table of tables) text ??= table[current][key];
  for (const table of tables) text ??= table.en[key];
  if (text === undefined) {
    console.warn(`i18n: no string "${key}"`);
    text = key;
  }
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** `t(key)` for a count `n`: uses "<key>.one" for n = 1 where the language has that form. */
export function tn(key: string, n: number, vars: Record<string, string | number> = {}): string {
  const one = `${key}.one`;
  // English's form only where the current language lacks the key (and falls back to English).
  const hasOne = n === 1 && tables.some((table) => one in table[current] || (!(key in table[current]) && one in table.en));
  return t(hasOne ? one : key, { ...vars, n });
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
