/**
 * The devices of the log's entries, and the device filter, pure. An entry names the device that
 * wrote it (`device`, a UUID, and its name then); an entry of before schema 3 has none (null):
 * it counts as one more device, "unknown device".
 */
import type { LogRecord } from '../../db';

/** The filter's value for every device (a Web Awesome option's value cannot be empty). */
export const ALL_DEVICES = 'all';
/** The filter's value, and the key, of the entries whose device is unknown. */
export const UNKNOWN_DEVICE = 'unknown';

export interface LogDevice {
  /** The device's id, or UNKNOWN_DEVICE. */
  key: string;
  /** Its name in its newest entry that has one; null: none known. */
  name: string | null;
}

type DeviceFields = Pick<LogRecord, 'at' | 'device' | 'deviceName'>;

export const deviceKey = (e: Pick<LogRecord, 'device'>): string => e.device ?? UNKNOWN_DEVICE;

/**
 * The devices that wrote `entries`: this device first (`self`, when it wrote any), then by name
 * (then id), the unknown device last.
 */
export function logDevices(entries: readonly DeviceFields[], self: string | null): LogDevice[] {
  const newest = new Map<string, { at: number; name: string | null }>();
  for (const e of entries) {
    const key = deviceKey(e);
    const seen = newest.get(key);
    if (!seen) newest.set(key, { at: e.deviceName ? e.at : -Infinity, name: e.deviceName ?? null });
    else if (e.deviceName && e.at >= seen.at) newest.set(key, { at: e.at, name: e.deviceName });
  }
  const rank = (d: LogDevice) => (d.key === self ? 0 : d.key === UNKNOWN_DEVICE ? 2 : 1);
  return [...newest]
    .map(([key, { name }]) => ({ key, name }))
    .sort((a, b) => rank(a) - rank(b) || (a.name ?? '').localeCompare(b.name ?? '') || a.key.localeCompare(b.key));
}

/** The entries of the chosen device (ALL_DEVICES: all of them), in their order. */
export function filterByDevice<T extends Pick<LogRecord, 'device'>>(entries: readonly T[], choice: string): T[] {
  return choice === ALL_DEVICES ? [...entries] : entries.filter((e) => deviceKey(e) === choice);
}
