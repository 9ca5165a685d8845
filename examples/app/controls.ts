// The control panel, driven by one table: each row says how to read its value from the validated plan and how
// to write it into the plan document. The panel is built from the table (every control gets a <label for>), and
// one sync() brings every control up to date after any change, including undo.
import { HAIRLINE_STYLES, type Plan, type PlanInput } from '../../src/plan.js';
import { sessionSpacing, sessionsFor, setHairlineStyle } from './plan-edits.js';
import type { Studio } from './state.js';

interface Base {
  id: string;
  label: string;
  group: string;
  title?: string;
  /** Disabled when this says so (e.g. hairline fields without a hairline). */
  disabled?: (plan: Plan) => boolean;
}
interface RangeControl extends Base {
  kind: 'range';
  min: number;
  max: number;
  step: number;
  get: (plan: Plan) => number;
  set: (p: PlanInput, v: number) => void;
  show: (plan: Plan) => string;
}
interface SelectControl extends Base {
  kind: 'select';
  options: readonly (readonly [string, string])[];
  get: (plan: Plan) => string;
  set: (p: PlanInput, v: string) => void;
}
interface TextControl extends Base {
  kind: 'text';
  get: (plan: Plan) => string;
  set: (p: PlanInput, v: string) => void;
}
/** One row of the control table. */
export type Control = RangeControl | SelectControl | TextControl;

const STYLE_LABELS: Record<string, string> = {
  soft: 'Soft / feathered',
  defined: 'Defined',
  mature: 'Mature / receded',
  'widows-peak': "Widow's peak",
  rounded: 'Rounded',
  boxed: 'Boxed (straight)',
  broken: 'Broken / jagged',
};

const noHairline = (plan: Plan) => !plan.hairline;
const reshade = (p: PlanInput) => (p.sessions = sessionsFor(p, p.sessions?.length ?? 3));

/** Every plan control of the panel, in order. */
export const CONTROLS: readonly Control[] = [
  {
    id: 'hairline-style',
    group: 'Hairline',
    label: 'Style',
    kind: 'select',
    options: [...HAIRLINE_STYLES.map((s) => [s, STYLE_LABELS[s] ?? s] as const), ['none', 'None (crown / scar only)']],
    get: (plan) => plan.hairline?.style ?? 'none',
    set: (p, v) => setHairlineStyle(p, v as Parameters<typeof setHairlineStyle>[1]),
  },
  {
    id: 'transition',
    group: 'Hairline',
    label: 'Transition zone',
    kind: 'range',
    min: 0,
    max: 20,
    step: 0.5,
    disabled: noHairline,
    get: (plan) => plan.hairline?.transitionMm ?? 0,
    set: (p, v) => p.hairline && (p.hairline.transitionMm = v),
    show: (plan) => (plan.hairline ? `${plan.hairline.transitionMm} mm` : '–'),
  },
  {
    id: 'irregularity',
    group: 'Hairline',
    label: 'Irregularity',
    kind: 'range',
    min: 0,
    max: 1,
    step: 0.05,
    disabled: noHairline,
    get: (plan) => plan.hairline?.irregularity ?? 0,
    set: (p, v) => p.hairline && (p.hairline.irregularity = v),
    show: (plan) => (plan.hairline ? plan.hairline.irregularity.toFixed(2) : '–'),
  },
  {
    id: 'density',
    group: 'Density',
    label: 'Full density',
    kind: 'range',
    min: 20,
    max: 160,
    step: 1,
    get: (plan) => plan.density.target,
    set: (p, v) => (p.density = { ...p.density, target: v }),
    show: (plan) => `${plan.density.target} /cm²`,
  },
  {
    id: 'noise',
    group: 'Density',
    label: 'Unevenness',
    kind: 'range',
    min: 0,
    max: 0.6,
    step: 0.02,
    get: (plan) => plan.density.noise.amplitude,
    set: (p, v) => (p.density = { ...p.density, noise: { scaleMm: 6, ...p.density?.noise, amplitude: v } }),
    show: (plan) => `±${Math.round(plan.density.noise.amplitude * 100)} %`,
  },
  {
    id: 'cluster',
    group: 'Density',
    label: 'Clusters',
    kind: 'range',
    min: 0,
    max: 0.5,
    step: 0.02,
    get: (plan) => plan.density.clustering.share,
    set: (p, v) => (p.density = { ...p.density, clustering: { spreadMm: 0.5, ...p.density?.clustering, share: v } }),
    show: (plan) => `${Math.round(plan.density.clustering.share * 100)} %`,
  },
  {
    id: 'seed',
    group: 'Density',
    label: 'Seed',
    kind: 'text',
    title: 'The same plan and seed always give the same dots',
    get: (plan) => plan.seed,
    set: (p, v) => (p.seed = v),
  },
  {
    id: 'sessions',
    group: 'Sessions',
    label: 'Sessions',
    kind: 'select',
    options: ['1', '2', '3', '4', '5', '6'].map((n) => [n, n] as const),
    get: (plan) => String(plan.sessions.length),
    set: (p, v) => (p.sessions = sessionsFor(p, Number(v))),
  },
  {
    id: 'spacing',
    group: 'Sessions',
    label: 'Days apart',
    kind: 'range',
    min: 7,
    max: 42,
    step: 1,
    get: (plan) => (plan.sessions.length > 1 ? plan.sessions[1]!.day - plan.sessions[0]!.day : 14),
    set: (p, v) => (p.sessions = sessionsFor(p, p.sessions?.length ?? 3, v)),
    show: (plan) => `${plan.sessions.length > 1 ? plan.sessions[1]!.day - plan.sessions[0]!.day : sessionSpacing({ version: 1, regions: [] })} days`,
  },
  {
    id: 'fitzpatrick',
    group: 'Client',
    label: 'Skin (Fitzpatrick)',
    kind: 'select',
    options: ['I', 'II', 'III', 'IV', 'V', 'VI'].map((r, i) => [String(i + 1), r] as const),
    get: (plan) => String(plan.skin.fitzpatrick),
    set: (p, v) => {
      p.skin = { ...p.skin, fitzpatrick: Number(v) };
      reshade(p);
    },
  },
  {
    id: 'dryness',
    group: 'Client',
    label: 'Skin type',
    kind: 'select',
    options: [
      ['dry', 'very dry'],
      ['normal', 'normal'],
      ['oily', 'oily'],
    ],
    get: (plan) => plan.skin.dryness,
    set: (p, v) => (p.skin = { ...p.skin, dryness: v as Plan['skin']['dryness'] }),
  },
  {
    id: 'sun',
    group: 'Client',
    label: 'Sun',
    kind: 'select',
    options: [
      ['low', 'low'],
      ['moderate', 'moderate'],
      ['high', 'high'],
    ],
    get: (plan) => plan.skin.sun,
    set: (p, v) => (p.skin = { ...p.skin, sun: v as Plan['skin']['sun'] }),
  },
  {
    id: 'pigment',
    group: 'Client',
    label: 'Pigment',
    kind: 'select',
    options: [
      ['smp-carbon', 'SMP carbon'],
      ['iron-oxide', 'iron oxide'],
      ['tattoo-ink', 'tattoo ink'],
    ],
    get: (plan) => plan.pigment.kind,
    set: (p, v) => (p.pigment = { ...p.pigment, kind: v as Plan['pigment']['kind'] }),
  },
  {
    id: 'hair-color',
    group: 'Client',
    label: 'Hair colour',
    kind: 'select',
    options: ['black', 'dark-brown', 'brown', 'light-brown', 'blonde', 'grey', 'red'].map((c) => [c, c.replace('-', ' ')] as const),
    get: (plan) => plan.hairColor,
    set: (p, v) => {
      p.hairColor = v as Plan['hairColor'];
      reshade(p);
    },
  },
];

/** Builds the panel's fieldsets from CONTROLS into `host` and keeps them in step with the studio. */
export function mountControls(host: HTMLElement, studio: Studio, say: (text: string, kind?: 'info' | 'error') => void): { sync(): void } {
  const groups = new Map<string, HTMLFieldSetElement>();
  const rows: { c: Control; input: HTMLInputElement | HTMLSelectElement; out: HTMLOutputElement | null }[] = [];
  for (const c of CONTROLS) {
    let fs = groups.get(c.group);
    if (!fs) {
      fs = document.createElement('fieldset');
      const legend = document.createElement('legend');
      legend.textContent = c.group;
      fs.append(legend);
      groups.set(c.group, fs);
      host.append(fs);
    }
    const row = document.createElement('div');
    row.className = 'control';
    const label = document.createElement('label');
    label.htmlFor = c.id;
    label.textContent = c.label;
    if (c.title) label.title = c.title;
    row.append(label);
    let input: HTMLInputElement | HTMLSelectElement;
    let out: HTMLOutputElement | null = null;
    if (c.kind === 'select') {
      const sel = document.createElement('select');
      for (const [v, text] of c.options) sel.append(new Option(text, v));
      input = sel;
    } else {
      const el = document.createElement('input');
      el.type = c.kind;
      if (c.kind === 'range') {
        el.min = String(c.min);
        el.max = String(c.max);
        el.step = String(c.step);
        out = document.createElement('output');
        out.htmlFor.add(c.id);
        out.id = `${c.id}-out`;
        row.append(out);
      } else {
        el.maxLength = 200;
        el.spellcheck = false;
      }
      input = el;
    }
    input.id = c.id;
    input.name = c.id;
    row.append(input);
    fs.append(row);
    rows.push({ c, input, out });
    // a range drag is one undo step: its input events share a group until it is released
    const apply = (final: boolean) => {
      const v = input.value;
      if (c.kind === 'text' && !v) return;
      const err = studio.edit(
        (d) => (c.kind === 'range' ? c.set(d.plan, Number(v)) : (c.set as (p: PlanInput, v: string) => void)(d.plan, v)),
        c.kind === 'range' ? `control:${c.id}` : null,
      );
      if (err) {
        say(err.message, 'error');
        sync();
      }
      if (final) studio.seal();
    };
    if (c.kind === 'range') {
      input.addEventListener('input', () => apply(false));
      input.addEventListener('change', () => apply(true));
    } else input.addEventListener('change', () => apply(true));
  }

  function sync(): void {
    const plan = studio.plan;
    for (const { c, input, out } of rows) {
      const v = String(c.get(plan));
      if (input.value !== v && document.activeElement !== input) input.value = v;
      else if (input.value !== v && c.kind !== 'range') input.value = v;
      input.disabled = c.disabled?.(plan) ?? false;
      if (out && c.kind === 'range') out.textContent = c.show(plan);
    }
  }
  return { sync };
}
