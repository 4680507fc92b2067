/**
 * The shape of a string table, checked at compile time: each part of the UI defines its English
 * strings, and the Chinese table must have exactly the same keys (no more, no fewer), with a
 * plural where English has one. Kept apart from i18n.ts so that src/app/strings.ts, which i18n.ts
 * imports, can use it without an import cycle.
 */

export const LOCALES = ['en', 'zh-Hans'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The plural categories (Intl.PluralRules) each language's strings may give: English says
 * "1 sample" / "2 samples"; Chinese has one form for every count.
 */
export interface PluralCategories {
  en: 'one' | 'other';
  'zh-Hans': 'other';
}

/** A text that depends on a count `{n}`: one form per plural category; 'other' is required. */
export type Plural<L extends Locale = Locale> = { readonly [C in Exclude<PluralCategories[L], 'other'>]?: string } & { readonly other: string };

/** A text, or plural forms chosen by `tn()`. */
export type Message<L extends Locale = Locale> = string | Plural<L>;

/** An English table: keys such as 'people.title' to texts. */
export type EnglishStrings = Readonly<Record<string, Message<'en'>>>;

/** What the table of language `L` must hold for the English table `E`: the same keys, same kinds. */
export type Translation<E extends EnglishStrings, L extends Locale> = { readonly [K in keyof E]: E[K] extends string ? string : Plural<L> };

/** The strings of one part of the UI in every language. */
export interface StringTable<E extends EnglishStrings = EnglishStrings> {
  readonly en: E;
  readonly 'zh-Hans': Translation<E, 'zh-Hans'>;
}

/**
 * Defines a part's strings. The English table sets the keys; the compiler refuses a Chinese table
 * that lacks one of them, has one more, or gives a text where English has plural forms:
 *
 *   export const peopleStrings = defineStrings({
 *     en: { 'people.title': 'People', 'people.samples': { one: '1 sample', other: '{n} samples' } },
 *     'zh-Hans': { 'people.title': '人员', 'people.samples': { other: '{n} 个样本' } },
 *   });
 *
 * Then declare the table to `t()` (so that its keys type-check) in the same file:
 *
 *   declare module '../../app/i18n' { interface StringTables { people: typeof peopleStrings } }
 */
export function defineStrings<const E extends EnglishStrings>(table: { en: E; 'zh-Hans': NoInfer<Translation<E, 'zh-Hans'>> }): StringTable<E> {
  return table;
}
