/**
 * The consent note of an enrolled person (who gave it, when, how), checked as the operator types
 * it: text trimmed and NFC-normalised, Unicode format characters (category Cf: bidi overrides,
 * zero-width characters) removed, control characters refused, at most MAX_CONSENT_LENGTH code
 * points each; the date a real one, not in the future. Pure: the people view and the data layer
 * use the same rules.
 */
import { MAX_CONSENT_LENGTH, type Consent } from './schema';

/** Why a consent note was refused. */
export type ConsentProblem = 'who-empty' | 'who-long' | 'how-empty' | 'how-long' | 'control-characters' | 'bad-date' | 'future-date';

/** The earliest accepted date (1 January 1900, UTC). */
export const MIN_CONSENT_TIME = Date.UTC(1900, 0, 1);
/** Clock skew allowed before a date counts as "in the future". */
const SKEW_MS = 5 * 60_000;

// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const FORMAT = /\p{Cf}/gu;

/** `text` trimmed, NFC-normalised, without format characters. */
export const cleanConsentText = (text: string): string => text.normalize('NFC').replace(FORMAT, '').trim();

/** The note as stored, or the first problem found. `now` (epoch ms) dates "the future". */
export function checkConsent(input: { who: unknown; when: unknown; how: unknown }, now = Date.now()): { consent: Consent } | { problem: ConsentProblem } {
  if (typeof input.who !== 'string' || typeof input.how !== 'string') return { problem: typeof input.who !== 'string' ? 'who-empty' : 'how-empty' };
  const who = cleanConsentText(input.who);
  const how = cleanConsentText(input.how);
  if (!who) return { problem: 'who-empty' };
  if ([...who].length > MAX_CONSENT_LENGTH) return { problem: 'who-long' };
  if (!how) return { problem: 'how-empty' };
  if ([...how].length > MAX_CONSENT_LENGTH) return { problem: 'how-long' };
  if (CONTROL.test(who) || CONTROL.test(how)) return { problem: 'control-characters' };
  const when = input.when;
  if (typeof when !== 'number' || !Number.isFinite(when) || Number.isNaN(new Date(when).getTime()) || when < MIN_CONSENT_TIME) return { problem: 'bad-date' };
  if (when > now + SKEW_MS) return { problem: 'future-date' };
  return { consent: { who, when, how } };
}
