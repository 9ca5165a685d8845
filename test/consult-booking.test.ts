// Issue 21, "fix first": the studio's side of the booking. Calendar ids per client and design, the device's time
// zone as the default, and why "Use these dates in the plan" is disabled when it is.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultPlanInput, validatePlan } from '../src/index.js';
import { aftercareEvents, consultationIcs, readIcsEvents, scheduleSessions, withScheduledDays } from '../src/consult/index.js';
import { calendarIds, clientIdAfterRename, defaultConsult, validateConsult } from '../examples/app/consult-state.js';
import { bookState } from '../examples/app/booking-ui.js';

const TZ = process.env.TZ;
afterEach(() => {
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});

describe('the client’s calendar ids', () => {
  it('two consultations started for two clients export calendars that share no UID, and a re-export keeps them', () => {
    const plan = validatePlan(defaultPlanInput()); // the same default seed for both, as in the issue
    const schedule = scheduleSessions(plan, { start: '2027-01-04', timeZone: 'Europe/Berlin' });
    const ics = (s: ReturnType<typeof defaultConsult>, stamp: string) =>
      readIcsEvents(consultationIcs(schedule, aftercareEvents(schedule), { stamp: new Date(stamp), ...calendarIds(s, undefined) })).map((e) => e.uid);
    const ana = { ...defaultConsult(), client: 'Ana', clientId: clientIdAfterRename('', 'Ana', undefined) };
    const ben = { ...defaultConsult(), client: 'Ben', clientId: clientIdAfterRename('', 'Ben', undefined) };
    const a = ics(ana, '2027-01-01T09:00:00Z');
    expect(ics(ana, '2027-02-11T17:30:00Z')).toEqual(a);
    const b = new Set(ics(ben, '2027-01-01T09:00:00Z'));
    expect(a.filter((u) => b.has(u))).toEqual([]);
  });

  it('a name corrected in case, accents or spacing keeps the id; another name is another client', () => {
    let n = 0;
    const fresh = () => `fresh-id-${++n}-xxxxxxxx`;
    expect(clientIdAfterRename('', 'Łukasz Żółć', undefined, fresh)).toBe('fresh-id-1-xxxxxxxx');
    expect(clientIdAfterRename('', 'Łukasz', 'kept-id-12345', fresh)).toBe('kept-id-12345');
    expect(clientIdAfterRename('lukasz  zolc', 'Łukasz Żółć', 'kept-id-12345', fresh)).toBe('kept-id-12345');
    expect(clientIdAfterRename('Łukasz Żółć', 'Maria Nowak', 'kept-id-12345', fresh)).toBe('fresh-id-2-xxxxxxxx');
  });

  it('a client without an id cannot make a calendar (the studio gives one first); a bad id names the field', () => {
    expect(() => calendarIds(validateConsult({}), 'Design A')).toThrow(/consult\.clientId/);
    expect(() => validateConsult({ clientId: 'a b' })).toThrow(/consult\.clientId.*"a b"/);
    expect(calendarIds(validateConsult({ clientId: 'abcdef12' }), '  ')).toEqual({ clientId: 'abcdef12', designId: 'Design A' });
  });
});

describe('the time zone', () => {
  it('defaults to the device’s zone, also for a project saved without one', () => {
    process.env.TZ = 'America/Sao_Paulo';
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('America/Sao_Paulo');
    expect(defaultConsult().timeZone).toBe('America/Sao_Paulo');
    expect(validateConsult({}).timeZone).toBe('America/Sao_Paulo');
    expect(validateConsult({ timeZone: 'Asia/Tokyo' }).timeZone).toBe('Asia/Tokyo');
  });
});

describe('“Use these dates in the plan”', () => {
  const input = defaultPlanInput();
  const schedule = scheduleSessions(validatePlan(input), { start: '2027-01-04', timeZone: 'UTC', closedDates: ['2027-01-18'] });

  it('says what it will do when the booking moved a session, and why it is disabled once the plan uses the dates', () => {
    const before = bookState(schedule, input);
    expect(before.disabled).toBe(false);
    expect(before.why).toMatch(/days 0, 15, 29 after the first \(now 0, 14, 28\)/);
    const after = bookState(schedule, withScheduledDays(input, schedule));
    expect(after).toEqual({ disabled: true, why: 'The plan already uses these dates (sessions on days 0, 15, 29 after the first).' });
  });

  it('without a booking it is disabled with the booking’s error', () => {
    expect(bookState(null, input, 'timeZone: not an IANA time zone this runtime knows (got "Mars")')).toEqual({
      disabled: true,
      why: 'No dates to use: timeZone: not an IANA time zone this runtime knows (got "Mars").',
    });
  });
});
