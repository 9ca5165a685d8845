// The exported PNG's file name: the photo's name, what the picture is, the look and the day the timeline shows,
// so a folder of exports reads as a consultation: "eisenhower-shaved-month4.png",
// "eisenhower-before-after-density-year5.png". The day is written as the timeline writes it (timeline.ts dayTag).
import type { PhotoEffect } from '../../src/render/index.js';
import { dayTag } from '../timeline.js';

/** What an export shows: before/after pair or the after alone, the photo look (null: no photo look, e.g. the sample), the day. */
export interface ExportWhat {
  pair: boolean;
  look: PhotoEffect | null;
  /** Days after the first session, ≥ 0. */
  day: number;
}

/** "<photo>-[before-after-][<look>-]<day>.png"; the photo's extension dropped, characters file systems refuse replaced by "-". */
export function exportName(photoName: string | null | undefined, what: ExportWhat): string {
  if (!(Number.isFinite(what.day) && what.day >= 0)) throw new RangeError(`exportName: day must be a number of days ≥ 0, got ${String(what.day)}`);
  if (what.look !== null && what.look !== 'shaved' && what.look !== 'density')
    throw new RangeError(`exportName: look must be 'shaved', 'density' or null, got ${String(what.look)}`);
  const base =
    (photoName ?? '')
      .normalize('NFC')
      .replace(/\.[^.]+$/, '')
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*\s]+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '')
      .slice(0, 80) || 'smp';
  return `${base}-${what.pair ? 'before-after-' : ''}${what.look ? `${what.look}-` : ''}${dayTag(what.day)}.png`;
}
