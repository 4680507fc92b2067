/**
 * The kiosk's words by local time (pure apart from the current UI language): the part of the day,
 * the greeting line for the people in view, the time and the date as the language writes them.
 */
import { getLocale, registerStrings, t, type Locale } from '../../app/i18n';
import { kioskGreetingStrings } from './greeting-strings';

registerStrings(kioskGreetingStrings);

export type PartOfDay = 'morning' | 'afternoon' | 'evening';

/** 05:00–11:59 morning, 12:00–17:59 afternoon, else evening (also after midnight). */
export function partOfDay(hour: number): PartOfDay {
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 18) return 'afternoon';
  return 'evening';
}

/** The Intl locale of a UI language. */
export function intlLocale(locale: Locale = getLocale()): string {
  return locale === 'zh-Hans' ? 'zh-CN' : 'en';
}

/** "Good morning, Sam" / "Good evening, Sam and Alex" / "早上好，Sam" in the current language. */
export function greetingLine(names: readonly string[], at: Date): string {
  const list = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(names);
  return t(`kiosk.greet.${partOfDay(at.getHours())}`, { names: list });
}

/** "9:41 AM" / "09:41". */
export function clockTime(at: Date): string {
  return new Intl.DateTimeFormat(intlLocale(), { hour: 'numeric', minute: '2-digit' }).format(at);
}

/** "Thursday, December 3" / "12月3日星期四". */
export function clockDate(at: Date): string {
  return new Intl.DateTimeFormat(intlLocale(), { weekday: 'long', month: 'long', day: 'numeric' }).format(at);
}
