// The public functions of smp-sim's entry points, each with a valid call to start from, and the arbitrary
// (hostile) calls the property test and scripts/api-audit.ts make of them: wrong types, NaN, ±Infinity, huge
// numbers, huge lengths, null, nested junk, alone or put into one field of a valid call.
import fc from 'fast-check';

/** The entries and the modules a user imports them from. `smp-sim/worker (api)` is the engine worker's own API, called as the worker calls it. */
export const ENTRY_NAMES = ['smp-sim', 'smp-sim/head', 'smp-sim/consult', 'smp-sim/render', 'smp-sim/worker', 'smp-sim/worker (api)'] as const;
export type EntryName = (typeof ENTRY_NAMES)[number];

/** Exports that are not called with plain data, and why; everything else exported as a function must have a case. */
export const NOT_PLAIN_DATA: Record<string, string> = {
  'smp-sim/render:ScalpRenderer': 'draws with WebGL on a canvas: test/render.browser.test.ts',
  'smp-sim/render:renderSampleScalp': 'draws on a canvas (its pixels are sampleScalpPixels, covered here)',
  'smp-sim/worker:workerConnection': 'starts a Web Worker (the browser default of createEngine)',
  'smp-sim/worker (api):version': 'takes nothing',
  'smp-sim/worker (api):warmUp': 'takes nothing',
};

/** Loads the entry modules (the render entry imports pixi.js, which reads `navigator` as it loads: node 20 has none). */
export async function loadEntries(): Promise<Record<EntryName, Record<string, unknown>>> {
  const g = globalThis as { navigator?: unknown };
  g.navigator ??= { userAgent: 'node' };
  const [core, head, consult, render, worker, api] = await Promise.all([
    import('../../src/index.js'),
    import('../../src/head/index.js'),
    import('../../src/consult/index.js'),
    import('../../src/render/index.js'),
    import('../../workers/client.js'),
    import('../../workers/api.js'),
  ]);
  return {
    'smp-sim': core,
    'smp-sim/head': head,
    'smp-sim/consult': consult,
    'smp-sim/render': render,
    'smp-sim/worker': worker,
    'smp-sim/worker (api)': revived(api.createEngineApi() as unknown as Record<string, (...a: unknown[]) => unknown>, api.reviveError),
  };
}

/** The worker's API as the page meets it: an error that crossed the boundary revived (as workers/client.ts does). */
function revived(api: Record<string, (...a: unknown[]) => unknown>, revive: (e: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, fn] of Object.entries(api))
    out[k] = (...a: unknown[]) => {
      try {
        return fn(...a);
      } catch (e) {
        throw revive(e);
      }
    };
  return out;
}

/** `entry:name` of every exported function or class of the entries. */
export function exportedFunctions(entries: Record<EntryName, Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const e of ENTRY_NAMES) for (const [k, v] of Object.entries(entries[e])) if (typeof v === 'function') out.push(`${e}:${k}`);
  return out.sort();
}

/** Valid inputs built once (the cases copy them per call, so a mutation never leaks into the next call). */
export interface Fixtures {
  planInput: Record<string, unknown>;
  plan: unknown;
  dots: unknown;
  params: unknown;
  /** Fresh agingTables (agingUniforms takes only what agingTables made). */
  tables: () => unknown;
  obs: unknown;
  fit: unknown;
  face: unknown;
  view: unknown;
  schedule: unknown;
  aftercare: unknown;
  priceBook: unknown;
  rgba: { width: number; height: number; data: Uint8ClampedArray };
  classes: { width: number; height: number; scale: number; data: Uint8Array };
  /** A fresh flat projection (it holds functions: not copied). */
  flat: () => unknown;
  /** A fresh surface map. */
  map: () => unknown;
  /** The default intake template, answers to it, a drawn signature and a sealed design sign-off of the plan. */
  intake: unknown;
  answers: unknown;
  signature: unknown;
  signInput: unknown;
  signed: unknown;
}

export async function loadFixtures(entries: Record<EntryName, Record<string, unknown>>): Promise<Fixtures> {
  const core = entries['smp-sim'] as typeof import('../../src/index.js');
  const head = entries['smp-sim/head'] as typeof import('../../src/head/index.js');
  const consult = entries['smp-sim/consult'] as typeof import('../../src/consult/index.js');
  const { syntheticObservation, truthFit } = await import('./synthetic-head.js');
  const planInput = {
    version: 1,
    seed: 'public-api',
    regions: [{ name: 'top', kind: 'treated', points: [[-12, -30], [12, -30], [12, -6], [-12, -6]] }],
    hairline: { style: 'mature', points: [[-14, -8], [0, -10], [14, -8]] },
    density: { target: 40 },
    sessions: [{ day: 0, cumulative: 0.3 }, { day: 14, cumulative: 0.7 }, { day: 28, cumulative: 1 }],
    touchUps: [{ year: 3 }],
  };
  const plan = core.validatePlan(planInput);
  const dots = core.simulate(planInput);
  const params = core.agingParams();
  const obs = syntheticObservation(truthFit({ width: 200, height: 250, pxPerMm: 0.6, glabella: [100, 140] }));
  const fit = head.fitHead(obs);
  const schedule = consult.scheduleSessions(plan, { start: '2027-01-04', timeZone: 'Europe/Berlin' });
  const rgba = { width: 200, height: 250, data: new Uint8ClampedArray(200 * 250 * 4).map((_, i) => 60 + ((i * 37) % 160)) };
  const signature = { width: 400, height: 150, strokes: [Array.from({ length: 60 }, (_, i) => [30 + i * 5.5, Math.round(75 + 30 * Math.sin(i / 3))]).flat()] };
  const signInput = {
    id: 'd1',
    kind: 'design',
    clientId: 'client-1',
    projectId: 'project-1',
    signedAt: '2027-01-04T11:00:00.000Z',
    signer: 'A client',
    content: { type: 'design', designName: 'Design A', plan: planInput, summary: ['3 sessions'], afterDay: 120 },
    files: [{ role: 'after', blobId: 'b1', type: 'image/png', sha256: 'ab'.repeat(32) }],
    signature,
  };
  const signed = await consult.sealSigned(structuredClone(signInput) as never, []);
  const classes = { width: 20, height: 25, scale: 10, data: new Uint8Array(500).map((_, i) => (i < 150 ? 3 : i < 300 ? 2 : 1)) };
  return {
    planInput,
    plan,
    dots,
    params,
    tables: () => core.agingTables(plan, 30, params),
    obs,
    fit,
    face: obs.face,
    view: (entries['smp-sim/render'] as typeof import('../../src/render/index.js')).identityView(),
    schedule,
    aftercare: consult.aftercareEvents(schedule),
    priceBook: consult.DEFAULT_PRICE_BOOK,
    rgba,
    classes,
    flat: () => head.flatProjection({ pxPerMm: 2, originX: 100, originY: 200, rotation: 0 }),
    map: () => head.surfaceMap({ a: 76, b: 112, c: 96 }, 80),
    intake: consult.DEFAULT_INTAKE_TEMPLATE,
    answers: { keloid: { value: 'yes', detail: 'Neck, after surgery' }, 'patch-test': { value: 'booked' }, mri: { value: 'no' }, other: { value: 'Hay fever' } },
    signature,
    signInput,
    signed,
  };
}

const copy = <T>(v: T): T => structuredClone(v);

/** A valid call of each function: its arguments (fresh copies). Classes are constructed with `new`. */
export function validCalls(f: Fixtures): Record<string, () => unknown[]> {
  const plan = () => copy(f.plan);
  const dots = () => copy(f.dots);
  const fit = () => copy(f.fit);
  const face = () => copy(f.face);
  const box = { x0: -12, y0: -30, x1: 12, y1: -6 };
  const stamp = new Date(Date.UTC(2027, 0, 1));
  return {
    'smp-sim:PlanError': () => ['sessions[0].day', -1, 'expected ≥ 0'],
    'smp-sim:InputError': () => ['dots.count: expected ≤ 10 (got 11)', 'dots.count', 11],
    'smp-sim:ArgumentError': () => ['addDays: days', NaN, 'expected a whole number'],
    'smp-sim:agingParams': () => [{ fadePerYear: 0.2 }],
    'smp-sim:agingTables': () => [plan(), 30, copy(f.params)],
    'smp-sim:appearanceAt': () => [dots(), plan(), 30, copy(f.params)],
    'smp-sim:coverageCurve': () => [dots(), plan(), [0, 30, 365], copy(f.params), { stride: 2 }],
    'smp-sim:defaultPlan': () => ['seed'],
    'smp-sim:defaultPlanInput': () => ['seed'],
    'smp-sim:fadeMap': () => [dots(), plan(), copy(f.params), { stride: 2, horizonYears: 5, stepDays: 30 }],
    'smp-sim:hairlinePoints': () => ['mature', { widthMm: 120, recessionMm: 20, peakMm: 5, count: 30 }],
    'smp-sim:simulate': () => [copy(f.planInput)],
    'smp-sim:spacingQuality': () => {
      const d = dots() as { xy: Float32Array; count: number };
      return [d.xy, d.count, undefined, { box, quantile: 0.01, k: 8 }];
    },
    'smp-sim:suggestedShades': () => [3, 'black', 3],
    'smp-sim:touchUpForecast': () => [dots(), plan(), copy(f.params), { stride: 2, horizonYears: 5, stepDays: 30 }],
    'smp-sim:validatePlan': () => [copy(f.planInput)],

    'smp-sim/head:HeadProjection': () => [fit()],
    'smp-sim/head:adjustHead': () => [fit(), { radii: { a: 80 }, pose: { yaw: 0.1 }, originArc: 85, shiftPx: [3, -2] }],
    'smp-sim/head:allocProjected': () => [10],
    'smp-sim/head:arcForThirds': () => [face(), fit(), 1.1],
    'smp-sim/head:dotEllipse': () => [[1, 0, 0, 1], 0, 0.2, [0, 0, 0]],
    'smp-sim/head:dragHandle': () => [fit(), 'left', [50, 120]],
    'smp-sim/head:faceThird': () => [face()],
    'smp-sim/head:facesCamera': () => [fit(), [0, 50, 60]],
    'smp-sim/head:fitHead': () => [copy(f.obs), { focal35mm: 50 }],
    'smp-sim/head:flatProjection': () => [copy(f.view)],
    'smp-sim/head:hairlineHeights': () => [face(), fit()],
    'smp-sim/head:headHandles': () => [fit()],
    'smp-sim/head:headProjection': () => [fit()],
    'smp-sim/head:headToPx': () => [fit(), [0, 50, 60], [0, 0]],
    'smp-sim/head:outlineConic': () => [fit()],
    'smp-sim/head:outlineSupport': () => [fit(), 0, -1],
    'smp-sim/head:pxPolygonToMm': () => [f.flat(), [[0, 0], [10, 0], [10, 10]]],
    'smp-sim/head:suggestHairline': () => [copy(f.obs), fit(), { method: 'thirds', thirds: 1.1 }],
    'smp-sim/head:surfaceMap': () => [{ a: 76, b: 112, c: 96 }, 80],
    'smp-sim/head:surfacePoint': () => [f.map(), 10, -40],

    'smp-sim/consult:PriceBookError': () => ['concerns.shaved.low', -1, 'expected ≥ 0'],
    'smp-sim/consult:IntakeError': () => ['answers.keloid.value', 'maybe', 'expected yes or no'],
    'smp-sim/consult:SignOffError': () => ['signature: too little to be a signature (got 3 px of ink)', 'signature', 3],
    'smp-sim/consult:answerText': () => [copy((f.intake as { questions: unknown[] }).questions[0]), { value: 'yes', detail: 'Neck' }],
    'smp-sim/consult:calendarUidStem': () => ['client-1', 'Design A'],
    'smp-sim/consult:canonicalJson': () => [{ b: [1, 'x', null, { d: 2.5 }], a: { c: true } }],
    'smp-sim/consult:consentContent': () => [copy(f.intake), copy(f.answers)],
    'smp-sim/consult:darknessRatio': () => [{ before: 0.6, simulated: 0.4, visit: 0.45 }],
    'smp-sim/consult:drawSignature': () => [{ lineWidth: 1, lineCap: 'butt', lineJoin: 'miter', strokeStyle: '#000', beginPath() {}, moveTo(_x: number, _y: number) {}, lineTo(_x: number, _y: number) {}, stroke() {} }, copy(f.signature), 2],
    'smp-sim/consult:fmtHours': () => [135],
    'smp-sim/consult:intakeFlags': () => [copy(f.intake), copy(f.answers)],
    'smp-sim/consult:missingAnswers': () => [copy(f.intake), copy(f.answers)],
    'smp-sim/consult:rebaseForecast': () => {
      const days = Array.from({ length: 40 }, (_, i) => i * 30);
      return [{ days, darkness: days.map((d) => (d < 84 ? d / 84 : 0.5 ** ((d - 84) / (4 * 365)))) }, 365, { before: 0.6, simulated: 0.4, visit: 0.44 }, [4.2, 8.1], 84];
    },
    'smp-sim/consult:sameDesign': () => [copy(f.signed), copy(f.planInput)],
    'smp-sim/consult:sameScope': () => [[copy(f.signed)], 'design', 'client-1', 'project-1'],
    'smp-sim/consult:sealSigned': () => [copy(f.signInput), [copy(f.signed)]],
    'smp-sim/consult:sha256Hex': () => ['abc'],
    'smp-sim/consult:validateIntakeAnswers': () => [copy(f.intake), copy(f.answers)],
    'smp-sim/consult:validateIntakeTemplate': () => [copy(f.intake)],
    'smp-sim/consult:validateSignature': () => [copy(f.signature)],
    'smp-sim/consult:verifySigned': () => [copy(f.signed)],
    'smp-sim/consult:addDays': () => ['2027-01-04', 10],
    'smp-sim/consult:aftercareEvents': () => [copy(f.schedule)],
    'smp-sim/consult:checkTimeZone': () => ['Europe/Berlin'],
    'smp-sim/consult:concernDefaults': () => ['hairline'],
    'smp-sim/consult:concernPlan': () => ['density', copy(f.planInput), 3],
    'smp-sim/consult:consultationIcs': () => [copy(f.schedule), copy(f.aftercare), { stamp, name: 'A client', location: 'Studio', clientId: 'client-1', designId: 'Design A' }],
    'smp-sim/consult:dateOf': () => [20_000],
    'smp-sim/consult:dayNumber': () => ['2027-01-04', 'start'],
    'smp-sim/consult:escapeText': () => ['a; b, c\n'],
    'smp-sim/consult:estimate': () => [plan(), 'density'],
    'smp-sim/consult:estimateSessionDots': () => [plan()],
    'smp-sim/consult:foldLine': () => ['DESCRIPTION:' + 'x'.repeat(100)],
    'smp-sim/consult:localToUtcMs': () => ['2027-03-28', 150, 'Europe/Berlin'],
    'smp-sim/consult:minutesOf': () => ['10:30', 'startTime'],
    'smp-sim/consult:parseIcs': () => ['BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'],
    'smp-sim/consult:planSessions': () => [3, { spacingDays: 14, fitzpatrick: 3, hairColor: 'black', needleMm: 0.25 }],
    'smp-sim/consult:readIcsEvents': () => ['BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\nDTSTART:20270104T100000Z\r\nDTEND:20270104T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'],
    'smp-sim/consult:regionalPriceBook': () => ['Canada'],
    'smp-sim/consult:scarTemplate': () => ['scar-fut'],
    'smp-sim/consult:scheduleSessions': () => [plan(), { start: '2027-01-04', timeZone: 'Europe/Berlin', closedDates: ['2027-01-05'], spacingDays: 14 }],
    'smp-sim/consult:sessionRamp': () => [3],
    'smp-sim/consult:stageAreaCm2': () => ['NW4', 1],
    'smp-sim/consult:stageInfo': () => ['NW4'],
    'smp-sim/consult:stagePlan': () => ['NW3', copy(f.planInput), { scale: 1 }],
    'smp-sim/consult:suggestedSessionCount': () => ['density', { dryness: 'dry' }],
    'smp-sim/consult:touchUpCost': () => [plan(), undefined, { years: [5], stride: 4 }],
    'smp-sim/consult:treatedAreaCm2': () => [plan()],
    'smp-sim/consult:unescapeText': () => ['a\\; b\\, c\\n'],
    'smp-sim/consult:utcToLocal': () => [Date.UTC(2027, 0, 4, 9), 'Europe/Berlin'],
    'smp-sim/consult:validatePriceBook': () => [copy(f.priceBook)],
    'smp-sim/consult:weekday': () => ['2027-01-04'],
    'smp-sim/consult:withScheduledDays': () => [copy(f.planInput), copy(f.schedule)],
    'smp-sim/consult:writeIcs': () => [[{ uid: 'a', summary: 'S', start: '2027-01-04T10:00', end: '2027-01-04T12:00' }], { timeZone: 'Europe/Berlin', stamp, name: 'x' }],
    'smp-sim/consult:zoneOffsetMinutes': () => ['Europe/Berlin', Date.UTC(2027, 6, 1)],
    'smp-sim/consult:zoneTransitions': () => ['Europe/Berlin', Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1)],

    'smp-sim/render:agingUniforms': () => [f.tables(), copy(f.params)],
    'smp-sim/render:allocAgingUniforms': () => [],
    'smp-sim/render:boundsOf': () => [{ xy: new Float32Array([0, 1, 2, 3]), count: 2 }],
    'smp-sim/render:boundsOfPolygons': () => [[[[0, 0], [1, 2], [3, 1]]]],
    'smp-sim/render:dotTransmission': () => [215, 0.05, null],
    'smp-sim/render:emptyBounds': () => [],
    'smp-sim/render:estimateBlurSigma': () => [copy(f.rgba)],
    'smp-sim/render:fitView': () => [{ minX: -100, minY: -200, maxX: 100, maxY: 50 }, 400, 300, 10, 0, 1],
    'smp-sim/render:flatProjection': () => [copy(f.view)],
    'smp-sim/render:footprint': () => [1.5, 0.8, 0.3, 0.5],
    'smp-sim/render:footprintCover': () => [0.5, 1.5, 0.5],
    'smp-sim/render:headProjection': () => [fit()],
    'smp-sim/render:identityView': () => [],
    'smp-sim/render:inkDensity': () => [0.3],
    'smp-sim/render:linearToSrgb': () => [0.5],
    'smp-sim/render:lookMap': () => [fit(), 200, 250, { classes: copy(f.classes), scale: 10 }],
    'smp-sim/render:mmToPx': () => [copy(f.view), 3, 4, [0, 0]],
    'smp-sim/render:patchCoverage': () => [new Float32Array([0.5, 1]), new Float32Array([0.2, 0.3]), 2, 10],
    'smp-sim/render:pxToMm': () => [copy(f.view), 3, 4, [0, 0]],
    'smp-sim/render:sampleScalpPixels': () => [32, 24, { seed: 1, fitzpatrick: 3, stubble: 0.5 }],
    'smp-sim/render:sampleScalpView': () => [320, 240],
    'smp-sim/render:shaveHead': () => [copy(f.rgba), fit(), copy(f.classes), { seed: 1 }],
    'smp-sim/render:srgbToLinear': () => [0.5],
    'smp-sim/render:stubbleTone': () => [copy(f.rgba), copy(f.classes), 5],
    'smp-sim/render:viewMatrix': () => [copy(f.view)],

    'smp-sim/worker:EngineCrashedError': () => ['killed'],
    'smp-sim/worker:SupersededError': () => ['simulate'],
    'smp-sim/worker:createEngine': () => [{ prewarm: false, workers: 1, deadlineMs: 1000 }],
    'smp-sim/worker:defaultPoolSize': () => [],
    'smp-sim/worker:isSuperseded': () => [new Error('x')],

    'smp-sim/worker (api):simulate': () => [copy(f.planInput)],
    'smp-sim/worker (api):simulatePart': () => [copy(f.planInput), 0, 2],
    'smp-sim/worker (api):forecast': () => [copy(f.planInput), { fadePerYear: 0.2 }, { stride: 2, horizonYears: 5, stepDays: 30 }],
    'smp-sim/worker (api):coverage': () => [copy(f.planInput), [0, 30, 365], undefined, { stride: 2 }],
  };
}

/** Values no public function should choke on: wrong types, NaN, ±Infinity, huge numbers and lengths, null, nested junk. */
export function junk(): fc.Arbitrary<unknown> {
  const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<unknown>(NaN, Infinity, -Infinity, 1e9, -1e9, 1e15, 1e300, -1e300, 2 ** 53, -1, 0, -0, 0.5, 255, 256, 4096),
      fc.double(),
      fc.integer(),
      fc.string({ maxLength: 8 }),
      fc.constantFrom<unknown>(null, undefined, true, false, '', 'NaN', '__proto__', 'constructor', '2027-02-30', '25:00', 'Europe/Nowhere'),
      fc.constantFrom<unknown>({ length: 1e9 }, { count: 1e9 }, [], {}, new Float32Array(4).fill(NaN), new Uint8Array(3), () => NaN, () => undefined),
      fc.array(tie('tree'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom('a', 'x', 'y', 'count', 'length', 'width', 'height', 'data', 'points', 'kind'), tie('tree'), { maxKeys: 3 }),
    ),
  }));
  return tree;
}

/** Every place in a valid call a junk value can go: [argument, key, key, …] (typed arrays: their first element). */
export function pathsOf(args: unknown[]): PropertyKey[][] {
  const out: PropertyKey[][] = [];
  const walk = (v: unknown, path: PropertyKey[], depth: number): void => {
    out.push(path);
    if (depth > 6 || v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if ((v as unknown as ArrayLike<number>).length > 0) out.push([...path, 0]);
      return;
    }
    if (v instanceof Date) return;
    const keys = Array.isArray(v) ? v.map((_, i) => i).slice(0, 8) : Object.keys(v);
    for (const k of keys) walk((v as Record<PropertyKey, unknown>)[k], [...path, k], depth + 1);
  };
  args.forEach((a, i) => walk(a, [i], 0));
  // an argument left out, and one too many
  out.push([args.length]);
  return out;
}

/** Puts `value` at `path` in the call (in place; the call is a fresh copy). */
export function put(args: unknown[], path: PropertyKey[], value: unknown): unknown[] {
  if (path.length === 1) {
    args[path[0] as number] = value;
    return args;
  }
  let o = args as unknown as Record<PropertyKey, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<PropertyKey, unknown>;
  const last = path[path.length - 1]!;
  if (ArrayBuffer.isView(o)) {
    (o as unknown as number[])[last as number] = typeof value === 'number' ? value : NaN;
  } else o[last] = value;
  return args;
}

/** One hostile call: the valid call with one place replaced by junk, or arguments that are all junk. */
export interface HostileCall {
  mode: 'one-field' | 'all-junk';
  pick: number;
  value: unknown;
  all: unknown[];
}

export function hostileCall(): fc.Arbitrary<HostileCall> {
  return fc.record({
    mode: fc.constantFrom<'one-field' | 'all-junk'>('one-field', 'one-field', 'one-field', 'all-junk'),
    pick: fc.nat(),
    value: junk(),
    all: fc.array(junk(), { maxLength: 5 }),
  });
}

/** The arguments of a hostile call of a function with this valid call. */
export function argsOf(valid: () => unknown[], h: HostileCall): { args: unknown[]; where: string } {
  if (h.mode === 'all-junk') return { args: h.all, where: 'all arguments' };
  const args = valid();
  const paths = pathsOf(args);
  const path = paths[h.pick % paths.length]!;
  return { args: put(args, path, h.value), where: `argument ${path.map(String).join('.')}` };
}

/** Where a NaN hides in a result (plain objects, arrays and typed arrays; not inside class instances or functions), or null. */
export function findNaN(v: unknown, path = 'result', seen = new Set<unknown>()): string | null {
  if (typeof v === 'number') return Number.isNaN(v) ? path : null;
  if (v === null || typeof v !== 'object' || seen.has(v)) return null;
  seen.add(v);
  if (ArrayBuffer.isView(v)) {
    if (v instanceof Float32Array || v instanceof Float64Array) {
      for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) return `${path}[${i}]`;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return null;
  for (const [k, x] of Object.entries(v)) {
    const p = findNaN(x, `${path}.${k}`, seen);
    if (p) return p;
  }
  return null;
}

/**
 * NaN a result may hold by its documentation: fadeMap's dueYear marks cells not due within the horizon, and a
 * spacing measured on no point at all has no figures (measured 0).
 */
export function documentedNaN(name: string, result: unknown, at: string): boolean {
  if (name === 'smp-sim:fadeMap' && /^result\.dueYear\[/.test(at)) return true;
  if (name === 'smp-sim:spacingQuality' && (result as { measured?: number }).measured === 0) return true;
  return false;
}
