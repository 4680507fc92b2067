/**
 * The log as CSV (RFC 4180): CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF.
 * A text field that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab
 * or a CR) is neutralised: an apostrophe goes in front and the field is quoted (OWASP's advice
 * against CSV injection); a plain number such as -0.0123 stays a number.
 */
import type { LogRecord } from './schema';

export const CSV_HEADER = ['time', 'person_id', 'name', 'known', 'similarity', 'event', 'liveness', 'liveness_reason', 'device', 'device_id'] as const;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Quotes a field when RFC 4180 requires it, doubling any quote inside; a formula-like text is neutralised. */
export function csvField(value: string): string {
  if (FORMULA_START.test(value) && !PLAIN_NUMBER.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, so that spreadsheet programs read non-Latin names right. */
  bom?: boolean;
}

/**
 * One row per entry, in the order given: ISO 8601 UTC time, person id (empty when unknown),
 * the name at that time (empty when unknown), known (yes/no), similarity (4 decimals), event
 * (recognized/enrolled), liveness (passed/failed, empty when no check was made), why it failed, and
 * the device that wrote it: its name then and its id (both empty when unknown).
 */
export function logToCsv(
  entries: readonly Pick<LogRecord, 'at' | 'personId' | 'name' | 'similarity' | 'event' | 'liveness' | 'livenessReason' | 'device' | 'deviceName'>[],
  { bom = false }: CsvOptions = {},
): string {
  const rows = [CSV_HEADER.join(',')];
  for (const e of entries) {
    rows.push(
      [
        new Date(e.at).toISOString(),
        e.personId ?? '',
        e.name ?? '',
        e.personId === null ? 'no' : 'yes',
        Number.isFinite(e.similarity) ? e.similarity.toFixed(4) : '',
        e.event ?? 'recognized',
        e.liveness ?? '',
        e.livenessReason ?? '',
        e.deviceName ?? '',
        e.device ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return (bom ? '\uFEFF' : '') + rows.join('\r\n') + '\r\n';
}
