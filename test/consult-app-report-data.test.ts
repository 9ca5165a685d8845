// The report's data boundary and formats, in node (no PDF code is loaded here).
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISKS, formatLocalDate, formatMoneyRange, reportFileName, validateReportData } from '../examples/consult/report-data.js';

const minimal = {
  client: { name: 'Ηλίας' },
  date: '2026-11-30',
  plan: { areaCm2: 40, dots: 5000, sessions: 3, densityPerCm2: 90, pigment: 'SMP pigment', skin: 'Dry' },
  estimate: { low: 2500, high: 3000, currency: 'EUR' },
};

describe('report data', () => {
  it('fills the defaults: A4, en-GB, the seed’s four risks and the simulation note', () => {
    const r = validateReportData(minimal);
    expect(r.paper).toBe('a4');
    expect(r.locale).toBe('en-GB');
    expect(r.risks).toEqual(DEFAULT_RISKS);
    expect(r.risks.join(' ')).toMatch(/sterile.*patch test.*keloids.*MRI/s);
    expect(r.note).toMatch(/simulation/);
    expect(r.images).toEqual([]);
  });

  it('names the field and the value it refuses', () => {
    expect(() => validateReportData({ ...minimal, plan: { ...minimal.plan, dots: -1 } })).toThrow(/^report\.plan\.dots: .*\(got -1\)$/);
    expect(() => validateReportData({ ...minimal, estimate: { ...minimal.estimate, currency: 'euro' } })).toThrow(/report\.estimate\.currency: .*ISO 4217.*\(got "euro"\)/);
    expect(() => validateReportData({ ...minimal, schedule: [{ date: '30/11/2026', what: 'Session 1' }] })).toThrow(/report\.schedule\[0\]\.date/);
    expect(() => validateReportData({ ...minimal, colour: 'red' })).toThrow(/report\.colour: unknown field/);
  });

  it('prints local dates without shifting them by a time zone, and money as a range', () => {
    expect(formatLocalDate('2027-01-04', 'en-GB')).toMatch(/^Mon,? 4 Jan 2027$/);
    expect(formatLocalDate('2027-01-04T23:30', 'en-GB')).toMatch(/^Mon,? 4 Jan 2027,? 23:30$/);
    expect(formatLocalDate('2027-01-04', 'de-DE')).toMatch(/Mo\.?, 4\. Jan\.? 2027/);
    expect(formatMoneyRange(3900, 4300, 'USD', 'en-US')).toBe('$3,900 – $4,300');
    expect(formatMoneyRange(350, 350, 'GBP', 'en-GB')).toBe('£350');
  });

  it('makes a download name that keeps the client’s letters and drops what file systems refuse', () => {
    expect(reportFileName('Łukasz Żółć-Größe', '2026-11-30')).toBe('Report Łukasz Żółć-Größe 2026-11-30.pdf');
    expect(reportFileName(' a/b:c? ', '2026-11-30T10:00')).toBe('Report a-b-c 2026-11-30.pdf');
  });
});
