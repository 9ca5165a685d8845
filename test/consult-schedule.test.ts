import { describe, expect, it } from 'vitest';
import { type Plan, defaultPlan, defaultPlanInput, validatePlan } from '../src/index.js';
import { AFTERCARE_RULES, DEFAULT_DOTS_PER_HOUR, DEFAULT_SESSION_TIMES, SESSION_HOURS, addDays, aftercareEvents, localToUtcMs, planSessions, scheduleSessions, utcToLocal, weekday, withScheduledDays, zoneOffsetMinutes } from '../src/consult/index.js';

const plan = defaultPlan(); // sessions on days 0, 14, 28
const fourSessions: Plan = validatePlan({ ...defaultPlanInput(), sessions: planSessions(4) });
const daysBetween = (a: string, b: string): number => (Date.parse(`${b}T00:00Z`) - Date.parse(`${a}T00:00Z`)) / 86_400_000;

describe('zone arithmetic through Intl', () => {
  it('knows Berlin is UTC+1 in winter and UTC+2 in summer, New York −5 / −4, Tokyo +9 all year', () => {
    expect(zoneOffsetMinutes('Europe/Berlin', Date.UTC(2026, 0, 15))).toBe(60);
    expect(zoneOffsetMinutes('Europe/Berlin', Date.UTC(2026, 6, 15))).toBe(120);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2026, 0, 15))).toBe(-300);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2026, 6, 15))).toBe(-240);
    expect(zoneOffsetMinutes('Asia/Tokyo', Date.UTC(2026, 6, 15))).toBe(540);
  });

  it('local → UTC → local gives back the same wall time on every day of a year with two DST changes', () => {
    for (let d = 0; d < 365; d++) {
      const date = addDays('2026-01-01', d);
      for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney']) {
        const t = localToUtcMs(date, 10 * 60 + 15, zone);
        expect(utcToLocal(t, zone)).toMatchObject({ date, time: '10:15' });
      }
    }
  });

  it('a wall time skipped by the spring change lands after the gap; one repeated in autumn gets the earlier instant', () => {
    // Berlin: 2026-03-29 02:00 → 03:00; 2026-10-25 03:00 → 02:00
    expect(utcToLocal(localToUtcMs('2026-03-29', 150, 'Europe/Berlin'), 'Europe/Berlin').time).toBe('03:30');
    expect(new Date(localToUtcMs('2026-10-25', 150, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads weekdays from the calendar date alone (2026-03-14 is a Saturday)', () => {
    expect(weekday('2026-03-14')).toBe(6);
    expect(weekday('2026-03-15')).toBe(0);
    expect(weekday('2026-03-16')).toBe(1);
  });
});

describe('schedule', () => {
  it('books three sessions 14 days apart in Berlin across the March DST change: same local 10:00, UTC moves by an hour', () => {
    const s = scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin' });
    expect(s.sessions.map((x) => x.date)).toEqual(['2026-03-16', '2026-03-30', '2026-04-13']);
    expect(s.sessions.map((x) => x.startTime)).toEqual(['10:00', '10:00', '10:00']);
    expect(s.sessions.map((x) => x.startUtc)).toEqual(['2026-03-16T09:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-04-13T08:00:00.000Z']);
    expect(s.sessions.map((x) => x.utcOffsetMinutes)).toEqual([60, 120, 120]);
    expect(s.sessions.map((x) => x.day)).toEqual([0, 14, 28]);
    expect(s.warnings).toEqual([]);
  });

  it('New York across the November change: offsets −4 h then −5 h, local time kept', () => {
    const s = scheduleSessions(plan, { start: '2026-10-26', timeZone: 'America/New_York', startTime: '09:30' });
    expect(s.sessions.map((x) => [x.date, x.startTime, x.utcOffsetMinutes])).toEqual([
      ['2026-10-26', '09:30', -240],
      ['2026-11-09', '09:30', -300],
      ['2026-11-23', '09:30', -300],
    ]);
    expect(s.sessions[1]!.startUtc).toBe('2026-11-09T14:30:00.000Z');
  });

  it('skips the weekend: a Saturday start books Monday, and later sessions count from the actual date', () => {
    const s = scheduleSessions(plan, { start: '2026-03-14', timeZone: 'Europe/Berlin' });
    expect(s.sessions[0]).toMatchObject({ date: '2026-03-16', moved: true });
    expect(s.sessions.map((x) => x.date)).toEqual(['2026-03-16', '2026-03-30', '2026-04-13']);
  });

  it('skips chosen closed days and weekdays, and never books one', () => {
    const closedDates = ['2026-03-30', '2026-04-14'];
    const s = scheduleSessions(fourSessions, { start: '2026-03-16', timeZone: 'Europe/Berlin', closedDates, closedWeekdays: [0, 3, 6] });
    expect(s.sessions.map((x) => x.date)).toEqual(['2026-03-16', '2026-03-31', '2026-04-16', '2026-04-30']);
    for (let i = 0; i < s.sessions.length; i++) {
      const x = s.sessions[i]!;
      expect(closedDates).not.toContain(x.date);
      expect([0, 3, 6]).not.toContain(weekday(x.date));
      expect(x.day).toBe(daysBetween(s.sessions[0]!.date, x.date));
      if (i > 0) expect(daysBetween(s.sessions[i - 1]!.date, x.date)).toBeGreaterThanOrEqual(14);
    }
    expect(s.sessions.map((x) => x.moved)).toEqual([false, true, true, false]);
  });

  it('hours follow the dots to place and the editable rate: 14,000 dots take 3 h at the default rate (DOMAIN: 2–4 h)', () => {
    const dotsPerSession = [14_000, 7_000, 3_500];
    const s = scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin', dotsPerSession });
    expect(DEFAULT_DOTS_PER_HOUR).toBeGreaterThanOrEqual(14_000 / 4);
    expect(DEFAULT_DOTS_PER_HOUR).toBeLessThanOrEqual(14_000 / 2);
    expect(s.sessions.map((x) => x.hours)).toEqual([3, 1.5, 0.75]);
    const none = { setupMinutes: 0, firstMappingMinutes: 0, mappingMinutes: 0, aftercareMinutes: 0 };
    const slow = scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin', dotsPerSession, dotsPerHour: 2_000, times: none });
    expect(slow.sessions.map((x) => x.hours)).toEqual([7, 3.5, 1.75]);
    expect(slow.sessions.map((x) => x.durationMinutes)).toEqual([420, 210, 105]);
    expect(slow.warnings.join(' ')).toMatch(/Session 1 is booked for 7 h \(7 h of needling\)/);
  });

  it('a session is booked with its parts (set-up, mapping, needle time, aftercare talk), which add up to its length and are editable', () => {
    const dotsPerSession = [14_000, 7_000, 3_500];
    const s = scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin', dotsPerSession });
    expect(s.sessions[0]!.parts).toEqual({ setup: DEFAULT_SESSION_TIMES.setupMinutes, mapping: DEFAULT_SESSION_TIMES.firstMappingMinutes, needle: 180, aftercare: DEFAULT_SESSION_TIMES.aftercareMinutes });
    expect(s.sessions[1]!.parts.mapping).toBe(DEFAULT_SESSION_TIMES.mappingMinutes);
    for (const x of s.sessions) {
      const p = x.parts;
      expect(x.durationMinutes).toBe(p.setup + p.mapping + p.needle + p.aftercare);
      expect(p.needle).toBe(x.hours * 60);
    }
    // 14,000 dots, DOMAIN's figure for a session, book within its 2–5 h with the default parts
    expect(s.sessions[0]!.durationMinutes).toBeGreaterThanOrEqual(SESSION_HOURS[0] * 60);
    expect(s.sessions[0]!.durationMinutes).toBeLessThanOrEqual(SESSION_HOURS[1] * 60);
    expect(s.sessions[0]).toMatchObject({ startTime: '10:00', endTime: '14:30' });
    expect(s.warnings).toEqual([]);
    const long = scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin', dotsPerSession, times: { firstMappingMinutes: 120 } });
    expect(long.sessions[0]!.durationMinutes).toBe(345);
    expect(long.sessions[0]!.endTime).toBe('15:45');
    expect(long.warnings).toEqual(['Session 1 is booked for 5 h 45 min (3 h of needling); clinics book 2–5 h: consider another session or a faster rate.']);
    expect(() => scheduleSessions(plan, { start: '2026-03-16', timeZone: 'UTC', times: { aftercareMinutes: -5 } })).toThrow(/times\.aftercareMinutes.*got -5/);
    expect(() => scheduleSessions(plan, { start: '2026-03-16', timeZone: 'UTC', times: { setupMinutes: 12.5 } })).toThrow(/times\.setupMinutes.*got 12\.5/);
  });

  it('without dot counts, estimates them from area × density × the session’s share: more for the 30 → 70 % step', () => {
    const s = scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin' });
    const total = s.sessions.reduce((a, x) => a + x.dots, 0);
    // ≈ the target density (dots/cm²) over ≈ 224 cm² (the region holds a little more)
    expect(total / 224).toBeGreaterThan(0.94 * plan.density.target);
    expect(total / 224).toBeLessThan(1.06 * plan.density.target);
    expect(s.sessions[1]!.dots).toBeGreaterThan(s.sessions[0]!.dots);
  });

  it('spacing may be set per gap; outside DOMAIN’s 7–30 days it warns; impossible values name the field', () => {
    const s = scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin', spacingDays: [21, 42] });
    expect(s.sessions.map((x) => x.date)).toEqual(['2026-03-16', '2026-04-06', '2026-05-18']);
    expect(s.warnings).toEqual(['Sessions 2 and 3 are 42 days apart; clinics space them 7–30 days.']);
    expect(() => scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin', spacingDays: 0 })).toThrow(/spacingDays\[0\].*got 0/);
    expect(() => scheduleSessions(plan, { start: '2026-02-30', timeZone: 'Europe/Berlin' })).toThrow(/start: no such date.*2026-02-30/);
    expect(() => scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Mars/Olympus' })).toThrow(/timeZone.*Mars\/Olympus/);
    expect(() => scheduleSessions(plan, { start: '2026-03-16', timeZone: 'UTC', startTime: '25:00' })).toThrow(/startTime.*25:00/);
    expect(() => scheduleSessions(plan, { start: '2026-03-16', timeZone: 'UTC', closedWeekdays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(/closedWeekdays/);
  });

  it('writes the booked days back into the plan so the timeline matches the calendar', () => {
    const s = scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin', closedDates: ['2026-03-30'] });
    const p = validatePlan(withScheduledDays(defaultPlanInput(), s));
    expect(p.sessions.map((x) => x.day)).toEqual([0, 15, 29]);
  });
});

describe('aftercare', () => {
  const s = scheduleSessions(plan, { start: '2026-03-16', timeZone: 'Europe/Berlin' });
  const events = aftercareEvents(s);
  const find = (rule: string, session: number) => events.find((e) => e.ruleId === rule && e.session === session);

  it('dates each session’s milestones from its date: dry 4 days, moisturise from day 4, redness 0–2, scabs 7–10, lightening weeks 3–4', () => {
    expect(find('no-wetting', 0)).toMatchObject({ date: '2026-03-16', endDate: '2026-03-20' });
    expect(find('moisturise', 0)).toMatchObject({ date: '2026-03-20', endDate: '2026-03-21' });
    expect(find('redness', 0)).toMatchObject({ date: '2026-03-16', endDate: '2026-03-19' });
    expect(find('scabs-shed', 0)).toMatchObject({ date: '2026-03-23', endDate: '2026-03-27' });
    expect(find('lightening', 0)).toMatchObject({ date: '2026-03-30', endDate: '2026-04-13' });
    expect(find('healed', 0)).toMatchObject({ date: '2026-04-13', endDate: '2026-04-27' });
    expect(find('no-wetting', 1)).toMatchObject({ date: '2026-03-30', endDate: '2026-04-03' });
  });

  it('after the final session only: no heavy exercise 5 days, no swimming, sauna, steam or sun 28 days, SPF 30–50 from then on', () => {
    for (const id of ['no-exercise', 'no-swim-sauna-sun', 'spf']) expect(events.filter((e) => e.ruleId === id).map((e) => e.session)).toEqual([2]);
    expect(find('no-exercise', 2)).toMatchObject({ date: '2026-04-13', endDate: '2026-04-18', final: true });
    expect(find('no-swim-sauna-sun', 2)).toMatchObject({ date: '2026-04-13', endDate: '2026-05-11' });
    expect(find('spf', 2)).toMatchObject({ date: '2026-05-11' });
    expect(find('spf', 2)!.title).toMatch(/SPF 30–50/);
  });

  it('every rule fires once per session (or once for final-only rules), sorted by date, on the timeline at session day + offset', () => {
    const each = AFTERCARE_RULES.filter((r) => r.scope === 'each').length;
    const final = AFTERCARE_RULES.length - each;
    expect(events).toHaveLength(each * 3 + final);
    for (let i = 1; i < events.length; i++) expect(events[i]!.date >= events[i - 1]!.date).toBe(true);
    for (const e of events) {
      const session = s.sessions[e.session]!;
      expect(e.timelineDay).toBe(session.day + e.fromDay);
      expect(daysBetween(session.date, e.date)).toBe(e.fromDay);
      expect(daysBetween(e.date, e.endDate)).toBe(e.toDay - e.fromDay);
      expect(e.source.length).toBeGreaterThan(5);
    }
  });

  it('a bad custom rule is refused naming the field', () => {
    expect(() => aftercareEvents(s, [{ ...AFTERCARE_RULES[0]!, toDay: 0 }])).toThrow(/rules\[0\]\.toDay.*got 0/);
  });
});
