// The schedule argument of the consultation functions (aftercareEvents, consultationIcs, withScheduledDays):
// scheduleSessions' result, maybe read back from JSON, checked once at their entry.
import { ArgumentError, parse } from '../errors.js';
import { z } from '../schema.js';
import type { Schedule } from './schedule.js';
import { checkTimeZone, dayNumber } from './zone.js';

const dateString = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const timeString = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/));
const isoString = z.string().check(z.regex(/^[-+\d]{4,7}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/));
const scheduleSchema = z.object({
  timeZone: z.string().check(z.minLength(1), z.maxLength(100)),
  dotsPerHour: z.number().check(z.minimum(100), z.maximum(100_000)),
  sessions: z
    .array(
      z.object({
        index: z.int().check(z.minimum(0), z.maximum(11)),
        date: dateString,
        startTime: timeString,
        endTime: timeString,
        startUtc: isoString,
        endUtc: isoString,
        utcOffsetMinutes: z.int().check(z.minimum(-24 * 60), z.maximum(24 * 60)),
        day: z.int().check(z.minimum(0), z.maximum(36_500)),
        dots: z.number().check(z.minimum(0), z.maximum(1e9)),
        hours: z.number().check(z.minimum(0), z.maximum(1e6)),
        durationMinutes: z.number().check(z.minimum(0), z.maximum(1e8)),
        parts: z.object({
          setup: z.number().check(z.minimum(0), z.maximum(1e8)),
          mapping: z.number().check(z.minimum(0), z.maximum(1e8)),
          needle: z.number().check(z.minimum(0), z.maximum(1e8)),
          aftercare: z.number().check(z.minimum(0), z.maximum(1e8)),
        }),
        moved: z.boolean(),
      }),
    )
    .check(z.maxLength(12)),
  times: z.object({
    setupMinutes: z.int().check(z.minimum(0), z.maximum(240)),
    firstMappingMinutes: z.int().check(z.minimum(0), z.maximum(240)),
    mappingMinutes: z.int().check(z.minimum(0), z.maximum(240)),
    aftercareMinutes: z.int().check(z.minimum(0), z.maximum(240)),
  }),
  warnings: z.array(z.string().check(z.maxLength(1_000))).check(z.maxLength(100)),
});

/** A schedule argument (scheduleSessions' result, maybe read back from JSON), checked: ArgumentError naming the field. */
export function checkedSchedule(where: string, schedule: unknown): Schedule {
  const s = parse(where, scheduleSchema, schedule) as Schedule;
  checkTimeZone(s.timeZone);
  s.sessions.forEach((x, i) => {
    dayNumber(x.date, `${where}.sessions[${i}].date`);
    if (x.index !== i) throw new ArgumentError(`${where}.sessions[${i}].index`, x.index, `expected ${i}`);
    if (Number.isNaN(Date.parse(x.endUtc))) throw new ArgumentError(`${where}.sessions[${i}].endUtc`, x.endUtc, 'expected an ISO date-time');
  });
  return s;
}
