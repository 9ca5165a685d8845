// The exported PNG's name carries the look and the day, written as the timeline writes the day.
import { describe, expect, it } from 'vitest';
import { exportName } from '../examples/app/export-name.js';
import { dayTag, formatDay } from '../examples/timeline.js';

describe('export names', () => {
  it('carry the look and the day: …-shaved-month4, …-density-year5, …-before-after-shaved-month4', () => {
    expect(exportName('eisenhower.jpg', { pair: false, look: 'shaved', day: 100 })).toBe('eisenhower-shaved-month4.png');
    expect(exportName('eisenhower.jpg', { pair: false, look: 'density', day: 5 * 365 })).toBe('eisenhower-density-year5.png');
    expect(exportName('eisenhower.jpg', { pair: true, look: 'shaved', day: 100 })).toBe('eisenhower-before-after-shaved-month4.png');
    expect(exportName('client.photo.JPEG', { pair: false, look: 'shaved', day: 10 })).toBe('client.photo-shaved-day10.png');
    expect(exportName('x.png', { pair: true, look: 'density', day: 20 })).toBe('x-before-after-density-day20.png');
    expect(exportName('x.png', { pair: false, look: 'shaved', day: 21 })).toBe('x-shaved-week4.png');
    expect(exportName('x.png', { pair: false, look: 'shaved', day: 365 * 6.5 })).toBe('x-shaved-year6.5.png');
  });

  it('name the day in the unit the timeline shows, so the file and the screen agree', () => {
    for (let day = 0; day <= 3650; day += 7.3) expect(dayTag(day)).toBe(formatDay(day).replace(' ', '').replace(/\.0$/, ''));
    expect(dayTag(0)).toBe('day0');
    expect(dayTag(14)).toBe('day14');
    expect(dayTag(28)).toBe('week5');
  });

  it('leave out the look where there is none (the sample scalp) and keep a name without a photo', () => {
    expect(exportName('sample scalp', { pair: false, look: null, day: 100 })).toBe('sample-scalp-month4.png');
    expect(exportName(null, { pair: true, look: null, day: 3 })).toBe('smp-before-after-day3.png');
    expect(exportName('a/b:c?.jpg', { pair: false, look: 'shaved', day: 3 })).toBe('a-b-c-shaved-day3.png');
  });

  it('refuse a day or a look that is not one, naming it', () => {
    expect(() => exportName('x.jpg', { pair: false, look: 'shaved', day: -1 })).toThrow(/exportName: day .* got -1/);
    expect(() => exportName('x.jpg', { pair: false, look: 'shaved', day: NaN })).toThrow(/got NaN/);
    expect(() => exportName('x.jpg', { pair: false, look: 'bald' as never, day: 3 })).toThrow(/look .* got bald/);
  });
});
