/** The log's devices and the device filter (pure). The view with two real devices: e2e/sync.spec.ts. */
import { describe, expect, it } from 'vitest';
import { ALL_DEVICES, UNKNOWN_DEVICE, filterByDevice, logDevices } from './devices';

const SELF = '11111111-1111-4111-8111-111111111111';
const DESK = '22222222-2222-4222-8222-222222222222';
const GATE = '33333333-3333-4333-8333-333333333333';
const entries = [
  { id: 'a', at: 50, device: DESK, deviceName: 'Desk (renamed)' },
  { id: 'b', at: 40, device: null },
  { id: 'c', at: 30, device: SELF, deviceName: 'Laptop' },
  { id: 'd', at: 20, device: DESK, deviceName: 'Desk' },
  { id: 'e', at: 10, device: GATE },
  { id: 'f', at: 5 },
];

describe('log devices', () => {
  it('lists each device once: this device first, then by name, the unknown device last; the newest name wins', () => {
    expect(logDevices(entries, SELF)).toEqual([
      { key: SELF, name: 'Laptop' },
      { key: GATE, name: null },
      { key: DESK, name: 'Desk (renamed)' },
      { key: UNKNOWN_DEVICE, name: null },
    ]);
    expect(logDevices([], SELF)).toEqual([]);
    expect(logDevices([entries[2]!], SELF)).toHaveLength(1);
  });

  it('an older entry does not rename a device', () => {
    const [desk] = logDevices([entries[3]!, entries[0]!, { id: 'g', at: 1, device: DESK, deviceName: 'Old' }], null);
    expect(desk).toEqual({ key: DESK, name: 'Desk (renamed)' });
  });

  it('filters by device, keeping the order; all devices keeps every entry; entries without a device are the unknown one', () => {
    expect(filterByDevice(entries, DESK).map((e) => e.id)).toEqual(['a', 'd']);
    expect(filterByDevice(entries, UNKNOWN_DEVICE).map((e) => e.id)).toEqual(['b', 'f']);
    expect(filterByDevice(entries, ALL_DEVICES).map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(filterByDevice(entries, '44444444-4444-4444-8444-444444444444')).toEqual([]);
  });
});
