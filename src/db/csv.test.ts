/** CSV export: RFC 4180 quoting and formula neutralisation. */
import { describe, expect, it } from 'vitest';
import { csvField, logToCsv } from './csv';

describe('csvField', () => {
  it('neutralises fields a spreadsheet would run as formulas: an apostrophe in front, quoted', () => {
    expect(csvField('=HYPERLINK("http://x.example","click")')).toBe('"\'=HYPERLINK(""http://x.example"",""click"")"');
    expect(csvField("=cmd|' /C calc'!A0")).toBe('"\'=cmd|\' /C calc\'!A0"');
    expect(csvField('+1+2')).toBe('"\'+1+2"');
    expect(csvField('-2+3')).toBe('"\'-2+3"');
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvField('\tx')).toBe('"\'\tx"');
    expect(csvField('\rx')).toBe('"\'\rx"');
  });

  it('leaves plain text and plain numbers alone, quoting per RFC 4180', () => {
    expect(csvField('Ann')).toBe('Ann');
    expect(csvField('-0.1234')).toBe('-0.1234');
    expect(csvField('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('a log row with a formula name exports it neutralised', () => {
    const csv = logToCsv([{ at: Date.UTC(2025, 0, 1), personId: 'p1', name: '=1+1', similarity: -0.05 }]);
    expect(csv.split('\r\n')[1]).toBe('2025-01-01T00:00:00.000Z,p1,"\'=1+1",yes,-0.0500,recognized,,,,');
  });

  it('a row names the device that wrote it; an unknown device leaves both fields empty', () => {
    const csv = logToCsv([
      { at: 0, personId: null, name: null, similarity: 0.2, device: '0b8a3c7e-1f2d-4e5a-9b6c-7d8e9f0a1b2c', deviceName: 'Front desk, left' },
      { at: 0, personId: null, name: null, similarity: 0.2, device: null },
    ]);
    const [header, a, b] = csv.split('\r\n');
    expect(header!.split(',').slice(-2)).toEqual(['device', 'device_id']);
    expect(a!.endsWith(',"Front desk, left",0b8a3c7e-1f2d-4e5a-9b6c-7d8e9f0a1b2c')).toBe(true);
    expect(b!.endsWith(',recognized,,,,')).toBe(true);
  });
});
