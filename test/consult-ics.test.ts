// The .ics writer against RFC 5545's rules: 3.1 content lines (CRLF, 75-octet folding), 3.3.11 TEXT
// escaping, 3.6.1 VEVENT (UID, DTSTAMP required), 3.6.5 VTIMEZONE, 3.3.4 DATE for all-day events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPlan } from '../src/index.js';
import { type IcsEvent, aftercareEvents, calendarUidStem, consultationIcs, escapeText as icsEscapeText, foldLine as icsFoldLine, parseIcs, readIcsEvents, scheduleSessions, writeIcs } from '../src/consult/index.js';

const stamp = new Date('2026-03-01T12:34:56.789Z');
const schedule = scheduleSessions(defaultPlan(), { start: '2026-03-16', timeZone: 'Europe/Berlin' });
const aftercare = aftercareEvents(schedule);
const ids = { clientId: '6f1c2a9e-0b7d-4c55-9f3e-2d8a1b4c7e90', designId: 'Design A' };
const ics = consultationIcs(schedule, aftercare, { stamp, name: 'Łukasz Żółć-Ødegård: SMP; Studio, Berlin', location: 'Straße 1, 10115 Berlin', ...ids });

/** The physical lines as raw UTF-8 bytes, split at CRLF. */
function physicalLines(text: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10) {
      out.push(bytes.subarray(start, i));
      start = i + 2;
      i++;
    }
  }
  expect(start).toBe(bytes.length); // the file ends with CRLF
  return out;
}

function checkContentLines(text: string): void {
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (const line of physicalLines(text)) {
    expect(line.length).toBeLessThanOrEqual(75);
    strict.decode(line); // throws if a fold split a UTF-8 sequence
  }
}

describe('RFC 5545 content lines', () => {
  it('ends every line with CRLF, folds at 75 octets and never splits a UTF-8 sequence', () => {
    checkContentLines(ics);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('folds a long line of multi-byte letters and emoji into ≤ 75-octet lines that unfold to the original', () => {
    const line = `SUMMARY:${'Łódź 😀 Größe ± '.repeat(20)}`;
    const folded = icsFoldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(3);
    parts.forEach((p, i) => {
      expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(75);
      if (i > 0) expect(p[0]).toBe(' ');
      expect(p).not.toMatch(/[\uD800-\uDBFF]$/); // no half of a surrogate pair at a fold
    });
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    checkContentLines(`${folded}\r\n`);
  });

  it('a line of exactly 75 octets is not folded; 76 is', () => {
    expect(icsFoldLine('X'.repeat(75))).toBe('X'.repeat(75));
    expect(icsFoldLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
  });

  it('unfolds the RFC’s own folding example (3.1)', () => {
    const text = 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:19970714T170000Z\r\nSUMMARY:x\r\nDESCRIPTION:This is a lo\r\n ng description\r\n  that exists on a long line.\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(readIcsEvents(text)[0]!.description).toBe('This is a long description that exists on a long line.');
  });

  it('escapes TEXT as 3.3.11 says: \\\\ \\; \\, and newlines as \\n (the RFC’s DESCRIPTION example)', () => {
    expect(icsEscapeText('Project XYZ Final Review\nConference Room - 3B\nCome Prepared.')).toBe('Project XYZ Final Review\\nConference Room - 3B\\nCome Prepared.');
    expect(icsEscapeText('a\\b;c,d\r\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(icsEscapeText('bell\u0007 and tab\t')).toBe('bell and tab\t'); // controls other than HTAB are not TEXT
    expect(ics).toContain('X-WR-CALNAME:Łukasz Żółć-Ødegård: SMP\\; Studio\\, Berlin');
  });
});

describe('RFC 5545 components', () => {
  const cal = parseIcs(ics);
  const vcal = cal[0]!;
  const events = vcal.components.filter((c) => c.name === 'VEVENT');
  const prop = (c: (typeof events)[number], n: string) => c.properties.filter((p) => p.name === n);

  it('is one VCALENDAR with VERSION 2.0 and a PRODID', () => {
    expect(cal.map((c) => c.name)).toEqual(['VCALENDAR']);
    expect(vcal.properties.find((p) => p.name === 'VERSION')!.value).toBe('2.0');
    expect(vcal.properties.find((p) => p.name === 'PRODID')!.value.length).toBeGreaterThan(0);
  });

  it('every VEVENT has exactly one UID (all distinct) and one DTSTAMP in UTC (…Z), the stamp given', () => {
    expect(events).toHaveLength(schedule.sessions.length + aftercare.length);
    const uids = events.map((e) => prop(e, 'UID'));
    for (const u of uids) expect(u).toHaveLength(1);
    expect(new Set(uids.map((u) => u[0]!.value)).size).toBe(events.length);
    for (const e of events) {
      const st = prop(e, 'DTSTAMP');
      expect(st).toHaveLength(1);
      expect(st[0]!.value).toBe('20260301T123456Z');
    }
  });

  it('timed events carry DTSTART;TZID of a VTIMEZONE in the file, which records the 2026-03-29 change from +0100 to +0200', () => {
    const tz = vcal.components.filter((c) => c.name === 'VTIMEZONE');
    expect(tz).toHaveLength(1);
    expect(tz[0]!.properties.find((p) => p.name === 'TZID')!.value).toBe('Europe/Berlin');
    const obs = tz[0]!.components.map((c) => [c.name, ...c.properties.map((p) => `${p.name}:${p.value}`)]);
    expect(obs).toContainEqual(['DAYLIGHT', 'DTSTART:20260329T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200']);
    expect(obs[0]![0]).toBe('STANDARD');
    const timed = events.filter((e) => prop(e, 'DTSTART')[0]!.params.TZID);
    expect(timed).toHaveLength(3);
    for (const e of timed) {
      expect(prop(e, 'DTSTART')[0]!.params.TZID).toBe('Europe/Berlin');
      expect(prop(e, 'DTSTART')[0]!.value).toMatch(/^\d{8}T\d{6}$/); // local time, no Z
    }
  });

  it('aftercare ranges are all-day events: VALUE=DATE with an exclusive DTEND after DTSTART', () => {
    const allDay = events.filter((e) => prop(e, 'DTSTART')[0]!.params.VALUE === 'DATE');
    expect(allDay).toHaveLength(aftercare.length);
    for (const e of allDay) {
      const [s, f] = [prop(e, 'DTSTART')[0]!, prop(e, 'DTEND')[0]!];
      expect(s.value).toMatch(/^\d{8}$/);
      expect(f.params.VALUE).toBe('DATE');
      expect(Number(f.value)).toBeGreaterThan(Number(s.value));
    }
  });

  it('a zone without DST gets one STANDARD observance with its fixed offset', () => {
    const tokyo = scheduleSessions(defaultPlan(), { start: '2026-03-16', timeZone: 'Asia/Tokyo' });
    const tz = parseIcs(consultationIcs(tokyo, [], { stamp, ...ids }))[0]!.components.find((c) => c.name === 'VTIMEZONE')!;
    expect(tz.components.map((c) => c.name)).toEqual(['STANDARD']);
    expect(tz.components[0]!.properties.find((p) => p.name === 'TZOFFSETTO')!.value).toBe('+0900');
  });
});

describe('round trip', () => {
  it('reads back every session (local start and end in the zone) and every aftercare event', () => {
    const back = readIcsEvents(ics);
    for (const s of schedule.sessions) {
      const e = back.find((x) => x.uid.includes(`session-${s.index + 1}@`))!;
      expect(e).toMatchObject({ tzid: 'Europe/Berlin', start: `${s.date}T${s.startTime}`, end: `${s.date}T${s.endTime}`, location: 'Straße 1, 10115 Berlin' });
    }
    for (const a of aftercare) {
      const e = back.find((x) => x.uid.includes(`-s${a.session + 1}-${a.ruleId}@`))!;
      expect(e).toMatchObject({ date: a.date, endDate: a.endDate, summary: a.title, description: a.detail });
    }
  });

  it('the same schedule gives the same UIDs (a re-export updates the events instead of duplicating them)', () => {
    const again = consultationIcs(scheduleSessions(defaultPlan(), { start: '2026-03-16', timeZone: 'Europe/Berlin' }), aftercare, { stamp: new Date('2027-01-01T00:00:00Z'), ...ids });
    expect(readIcsEvents(again).map((e) => e.uid)).toEqual(readIcsEvents(ics).map((e) => e.uid));
  });

  it('two clients with the same plan and dates share no UID (issue 21: the second import overwrote the first client’s sessions)', () => {
    const other = consultationIcs(schedule, aftercare, { stamp, clientId: '0d9e6a51-7f3b-4e2c-8a1d-5b6c7d8e9f01', designId: 'Design A' });
    const mine = new Set(readIcsEvents(ics).map((e) => e.uid));
    const theirs = readIcsEvents(other).map((e) => e.uid);
    expect(theirs).toHaveLength(mine.size);
    for (const u of theirs) expect(mine.has(u)).toBe(false);
  });

  it('each design of a client has its own UIDs, stable on re-export; the ids themselves never appear in the file', () => {
    const b = (stampAt: string) => readIcsEvents(consultationIcs(schedule, aftercare, { stamp: new Date(stampAt), ...ids, designId: 'Design B (Łukasz)' })).map((e) => e.uid);
    const first = b('2026-03-01T00:00:00Z');
    expect(b('2026-09-30T10:00:00Z')).toEqual(first);
    const a = new Set(readIcsEvents(ics).map((e) => e.uid));
    for (const u of first) expect(a.has(u)).toBe(false);
    expect(calendarUidStem(ids.clientId, 'Design A')).not.toBe(calendarUidStem(ids.clientId, 'Design B'));
    expect(ics).not.toContain(ids.clientId);
    expect(first.join(' ')).not.toMatch(/Design|Łukasz/);
  });

  it('refuses an empty client or design id, naming the field', () => {
    expect(() => consultationIcs(schedule, aftercare, { stamp, clientId: '', designId: 'Design A' })).toThrow(/clientId: expected a non-empty id.*got ""/);
    expect(() => consultationIcs(schedule, aftercare, { stamp, clientId: 'x1', designId: ' ' })).toThrow(/designId/);
  });

  it('any text (letters of every script, emoji, \\ ; , and newlines) survives write → parse', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }).map((s) => s.replace(/[\x00-\x08\x0B-\x1F\x7F]/g, '')), // TEXT forbids controls; CR alone is not a newline here
      fc.string({ unit: fc.constantFrom('\\', ';', ',', '\n', ':', '"', ' ', 'a', 'Ł', 'ß', '😀'), maxLength: 120 }), // the characters TEXT escapes, densely
    );
    fc.assert(
      fc.property(text, text, fc.array(text.filter((c) => c.length > 0), { maxLength: 3 }), (summary, description, categories) => {
        const events: IcsEvent[] = [
          { uid: 'a@test', summary, description, start: '2026-06-01T09:00', end: '2026-06-01T11:30', categories },
          { uid: 'b@test', summary: description, date: '2026-06-02', endDate: '2026-06-06' },
        ];
        const out = writeIcs(events, { timeZone: 'America/Sao_Paulo', stamp });
        checkContentLines(out);
        const back = readIcsEvents(out);
        expect(back[0]).toMatchObject({ uid: 'a@test', summary, start: '2026-06-01T09:00', end: '2026-06-01T11:30', tzid: 'America/Sao_Paulo' });
        if (description) expect(back[0]!.description).toBe(description);
        if (categories.length) expect(back[0]!.categories).toEqual(categories);
        expect(back[1]).toMatchObject({ uid: 'b@test', summary: description, date: '2026-06-02', endDate: '2026-06-06' });
      }),
      { numRuns: 200, seed: 9 },
    );
  });

  it('refuses what RFC 5545 cannot hold, naming the field', () => {
    const ok: IcsEvent = { uid: 'a', summary: 's', start: '2026-06-01T09:00', end: '2026-06-01T10:00' };
    expect(() => writeIcs([ok, ok], { timeZone: 'UTC', stamp })).toThrow(/events\[1\]\.uid: duplicate/);
    expect(() => writeIcs([{ ...ok, end: '2026-06-01T08:00' }], { timeZone: 'UTC', stamp })).toThrow(/events\[0\]\.end: must follow/);
    expect(() => writeIcs([{ uid: 'x', summary: 's', date: '2026-06-02', endDate: '2026-06-02' }], { timeZone: 'UTC', stamp })).toThrow(/events\[0\]\.endDate/);
    expect(() => writeIcs([ok], { timeZone: 'UTC', stamp: new Date(Number.NaN) })).toThrow(/stamp/);
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nEND:VEVENT\r\n')).toThrow(/END:VEVENT/);
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nno colon here\r\nEND:VCALENDAR\r\n')).toThrow(/line 2/);
  });
});
