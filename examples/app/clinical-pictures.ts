// The pictures the clinical panels need, rendered as the report's are (report-pictures.ts): the healed after picture
// for the hairline sign-off and the simulated picture for a visit's day, cut to the head at the photo's resolution.
import { DEFAULT_AGING, agingTables, type Dots, type Plan } from '../../src/index.js';
import type { HeadObservation } from '../../src/head/observation.js';
import { renderPictures } from './report-pictures.js';
import { reportCrop, reportDays } from './report-ui.js';
import type { Results } from './engine-link.js';
import type { Stage } from './stage.js';
import type { Studio } from './state.js';
import type { Outlook } from './visits-ui.js';

interface Deps {
  studio: Studio;
  stage: Stage;
  results: Results;
  simulate: (plan: unknown) => Promise<Dots>;
  observation: () => HeadObservation | null;
}

/** The clinical panels' picture makers for the design on the stage. */
export function clinicalPictures({ studio, stage, results, simulate, observation }: Deps) {
  async function render(day: number, caption: string): Promise<{ image: Blob; pixels: ImageData }> {
    const plan: Plan = studio.plan;
    const dots = results.dots && results.dotsPlan === plan ? results.dots : await simulate(studio.doc.plan);
    const head = stage.background?.kind === 'photo' ? (studio.doc.head ?? null) : null;
    const crop = reportCrop(stage, head, observation(), dots);
    try {
      const [p] = await renderPictures(stage.renderer, [{ plan, dots: day < 0 ? null : dots, day: Math.max(0, day), caption, group: '' }], crop);
      return { image: p!.image, pixels: p!.pixels };
    } finally {
      stage.renderer.setDots(results.dots ?? dots);
      const shown = results.dots ? results.dotsPlan : plan;
      if (shown) stage.renderer.setAging(agingTables(shown, studio.ui.day, DEFAULT_AGING), DEFAULT_AGING);
      stage.redraw();
    }
  }
  return {
    /** The healed after picture (the report's "healed" day). */
    async afterPicture(): Promise<{ image: Blob; day: number; caption: string }> {
      const healed = reportDays(studio.plan)[1]!;
      const { image } = await render(healed.day, healed.caption);
      return { image, day: healed.day, caption: `After picture: ${healed.caption.toLowerCase()}` };
    },
    /** The simulated picture for a day after session 1; day < 0: the before picture. */
    dayPicture: (day: number) => render(day, `Day ${day}`),
    /** The darkness curve (total coverage), the settled day and the forecast's due year, or null while not worked out. */
    outlook(): Outlook | null {
      const f = results.forecast;
      const c = results.curve;
      if (!f || !c) return null;
      return { curve: { days: c.days, darkness: c.total }, settledDay: f.settledDay, dueYears: f.dueYear === null ? [] : [f.dueYear] };
    },
  };
}
