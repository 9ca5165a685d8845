// The limits of a project document, checked once where a project enters (parseProject: an opened file or the
// autosave) and, for the fitted head, on every edit: the whole document's size, depth and number of values,
// every text's length, no prototype names as keys, and the types and ranges of the fitted head, the UI state,
// the other designs and the embedded photo. The plan (validatePlan) and the consultation (validateConsult) have
// their own schemas. Pure; each problem names the field and what was found.
import { z } from './zod.js';
import { HEAD_RADII_RANGE } from '../src/head/model.js';
import { HORIZON_DAYS } from './timeline.js';
import { MAX_BYTES, MAX_SIDE } from './photo.js';

/** The largest photo a project file may embed, bytes (the photo loader's own limit). */
export const MAX_PHOTO_BYTES = MAX_BYTES;
/** The longest base64 text of an embedded photo, characters. */
export const MAX_PHOTO_BASE64 = 4 * Math.ceil(MAX_PHOTO_BYTES / 3);
/** The longest project file, characters: the photo plus three plans at their vertex limit, pretty-printed, with room to spare. */
export const MAX_PROJECT_CHARS = MAX_PHOTO_BASE64 + 8_000_000;
/** The deepest nesting of a project document (a plan's points sit at depth 8 inside a design). */
export const MAX_DEPTH = 16;
/** The most JSON values (objects, arrays, numbers, texts…) a project document may hold (three plans of 20,000 vertices need ≈ 200,000). */
export const MAX_VALUES = 400_000;
/** The longest text of any field but the photo's base64, characters (the longest the studio writes: a price book's source, 1,000). */
export const MAX_TEXT_CHARS = 10_000;
/** The longest field name, characters. */
export const MAX_KEY_CHARS = 200;
/** Names that are never a project field: they would reach an object's prototype in careless code. */
export const PROTOTYPE_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];
/** The most UI state a project may carry, as JSON characters (UI state is a handful of numbers and flags). */
export const MAX_UI_CHARS = 16_384;

/** What is wrong and where: `field` is a path such as `head.radii.a` or `designs[1].name`. */
export interface Problem {
  field: string;
  value: unknown;
  problem: string;
}

const n = (x: number) => x.toLocaleString('en');

/** A path for messages: `a.b[2].c`. */
export function pathOf(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s;
}

/**
 * The shape of a parsed JSON document within the limits above: at most MAX_DEPTH deep and MAX_VALUES values,
 * no text longer than MAX_TEXT_CHARS except at a path in `long` (checked by its own schema), no field named like a
 * prototype property. Iterative (no recursion, whatever the nesting); stops at the first problem.
 */
export function shapeProblem(doc: unknown, long: ReadonlySet<string> = new Set(['photo.base64'])): Problem | null {
  type Item = { v: unknown; key: PropertyKey | null; parent: Item | null; depth: number };
  const where = (it: Item): string => {
    const keys: PropertyKey[] = [];
    for (let p: Item | null = it; p && p.key !== null; p = p.parent) keys.push(p.key);
    return pathOf(keys.reverse()) || '(file)';
  };
  const stack: Item[] = [{ v: doc, key: null, parent: null, depth: 0 }];
  let values = 0;
  while (stack.length) {
    const it = stack.pop()!;
    if (++values > MAX_VALUES) return { field: '(file)', value: `more than ${n(MAX_VALUES)} values`, problem: `holds too many values (a project holds at most ${n(MAX_VALUES)}; this file may be damaged or crafted)` };
    const v = it.v;
    if (typeof v === 'string') {
      if (v.length > MAX_TEXT_CHARS && !long.has(where(it)))
        return { field: where(it), value: `${n(v.length)} characters`, problem: `is too long (at most ${n(MAX_TEXT_CHARS)} characters here; this file may be damaged or crafted)` };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (it.depth >= MAX_DEPTH)
      return { field: where(it), value: `nesting deeper than ${MAX_DEPTH}`, problem: `is nested too deeply (a project is at most ${MAX_DEPTH} levels deep; this file may be damaged or crafted)` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: i, parent: it, depth: it.depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k.length > MAX_KEY_CHARS) return { field: `${where(it)}.(a field name)`, value: `${n(k.length)} characters`, problem: `is too long (field names are at most ${MAX_KEY_CHARS} characters)` };
      if (PROTOTYPE_NAMES.includes(k)) return { field: it.key === null ? k : `${where(it)}.${k}`, value: (v as Record<string, unknown>)[k], problem: 'is not a field a project may have (a prototype name)' };
      stack.push({ v: (v as Record<string, unknown>)[k], key: k, parent: it, depth: it.depth + 1 });
    }
  }
  return null;
}

/** The first zod issue as a Problem under `prefix` (unknown fields named as such). */
function zodProblem(prefix: string, input: unknown, error: z.ZodError): Problem {
  const issue = error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  let v: unknown = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  const field = pathOf(path);
  return { field: field ? `${prefix}.${field}`.replace('.[', '[') : prefix, value: v, problem: issue.code === 'unrecognized_keys' ? 'is not a field here' : `must be ${expected(issue)}` };
}

function expected(issue: z.core.$ZodIssue): string {
  const i = issue as z.core.$ZodIssue & { minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; origin?: string; expected?: string; values?: unknown[] };
  const text = i.origin === 'string' ? ' characters' : i.origin === 'array' ? ' items' : '';
  switch (issue.code) {
    case 'too_small':
      return i.origin === 'number' ? `${i.inclusive ? '≥' : '>'} ${i.minimum}` : `at least ${i.minimum}${text}`;
    case 'too_big':
      return i.origin === 'number' ? `${i.inclusive ? '≤' : '<'} ${i.maximum}` : `at most ${i.maximum}${text}`;
    case 'invalid_type':
      return i.expected === 'number' || i.expected === 'int' ? `a finite ${i.expected === 'int' ? 'whole ' : ''}number` : `of type ${i.expected}`;
    case 'invalid_value':
      return `one of ${(i.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message.replace(/^Invalid (input|string): /, '').replace(/^(expected|must be) /, '');
  }
}

const finite = (lo: number, hi: number) => z.number().min(lo).max(hi);
const px = finite(-1e6, 1e6);
const angle = finite(-2 * Math.PI, 2 * Math.PI);

/**
 * A fitted head (src/head/model.ts HeadFit) as the studio makes it: the photo's size, radii within the fitter's
 * plausible ranges, a pose within ±π, a focal length > 0, the whole ellipsoid in front of the camera.
 */
const headSchema = z
  .strictObject({
    width: z.int().min(1).max(MAX_SIDE),
    height: z.int().min(1).max(MAX_SIDE),
    radii: z.strictObject({
      a: finite(HEAD_RADII_RANGE.a[0], HEAD_RADII_RANGE.a[1]),
      b: finite(HEAD_RADII_RANGE.b[0], HEAD_RADII_RANGE.b[1]),
      c: finite(HEAD_RADII_RANGE.c[0], HEAD_RADII_RANGE.c[1]),
    }),
    pose: z.strictObject({ yaw: finite(-Math.PI, Math.PI), pitch: finite(-Math.PI, Math.PI), roll: finite(-Math.PI, Math.PI) }),
    centre: z.tuple([finite(-1e5, 1e5), finite(-1e5, 1e5), finite(-1e7, 1e7)]),
    focalPx: z.number().gt(0).max(1e7),
    orthoPxPerMm: z.number().gt(0).max(1e4),
    principal: z.tuple([px, px]),
    originArc: z.number().gt(0).lt(250),
    floorY: finite(-300, 300),
    clip: z.strictObject({ cx: px, cy: px, rx: z.number().gt(0).max(1e6), ry: z.number().gt(0).max(1e6), angle }).nullable(),
    brow: z.strictObject({ x: px, y: px, nx: finite(-1.01, 1.01), ny: finite(-1.01, 1.01), halfWidth: finite(0, 1e6) }).nullable(),
  })
  .check((ctx) => {
    const h = ctx.value;
    const far = Math.max(h.radii.a, h.radii.b, h.radii.c);
    if (!(h.centre[2] > far))
      ctx.issues.push({ code: 'custom', input: h.centre[2], path: ['centre', 2], message: `more than the head's largest radius, ${far} mm: the head must be in front of the camera` });
  });

/** What is wrong with a fitted head (null: usable); `field` starts with `head`. */
export function headProblem(h: unknown): Problem | null {
  const r = headSchema.safeParse(h);
  return r.success ? null : zodProblem('head', h, r.error);
}

/** The UI fields the studio knows, with their types and ranges; others are kept as they are (within MAX_UI_CHARS). */
const uiSchema = z.looseObject({
  day: finite(0, HORIZON_DAYS).optional(),
  sessionsShown: z.int().min(0).max(12).optional(),
  beforeAfter: z.boolean().optional(),
  split: finite(0, 1).optional(),
  mirror: z.boolean().optional(),
  overlay: z.boolean().optional(),
  effect: z.enum(['shaved', 'density']).optional(),
  light: finite(0, 1).optional(),
});

/** What is wrong with a project's UI state (null: usable); `field` starts with `ui`. */
export function uiProblem(ui: unknown): Problem | null {
  if (ui === null || typeof ui !== 'object' || Array.isArray(ui)) return { field: 'ui', value: ui, problem: 'must be an object' };
  const chars = JSON.stringify(ui).length;
  if (chars > MAX_UI_CHARS) return { field: 'ui', value: `${n(chars)} characters`, problem: `is too large (UI state is at most ${n(MAX_UI_CHARS)} characters; this file may be damaged or crafted)` };
  const r = uiSchema.safeParse(ui);
  return r.success ? null : zodProblem('ui', ui, r.error);
}

/** The other designs' list and names (their plans are checked by validatePlan). */
const designsSchema = z.array(z.strictObject({ name: z.string().max(60), plan: z.unknown() })).max(2);

/** What is wrong with the list of other designs, apart from their plans (null: usable). */
export function designsProblem(d: unknown): Problem | null {
  const r = designsSchema.safeParse(d);
  return r.success ? null : zodProblem('designs', d, r.error);
}

/** An embedded photo: a file name, an image MIME type and padded base64 of at most MAX_PHOTO_BYTES. */
const photoSchema = z.strictObject({
  name: z.string().max(255),
  type: z.string().regex(/^image\/[\w.+-]+$/, 'an image MIME type such as image/jpeg'),
  base64: z
    .string()
    .max(MAX_PHOTO_BASE64, `at most ${n(MAX_PHOTO_BASE64)} characters (a photo of at most ${n(MAX_PHOTO_BYTES)} bytes)`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 (letters, digits, + and /, then at most two =)')
    .refine((s) => s.length % 4 === 0, 'base64 whose length is a multiple of 4 (this text is cut short or damaged)'),
});

/** What is wrong with an embedded photo (null: usable); base64 that passes decodes with atob. */
export function photoProblem(p: unknown): Problem | null {
  const r = photoSchema.safeParse(p);
  if (r.success) return null;
  const pr = zodProblem('photo', p, r.error);
  if (pr.field === 'photo.base64' && typeof pr.value === 'string') pr.value = pr.value.length > 24 ? `${pr.value.slice(0, 12)}… (${n(pr.value.length)} characters)` : pr.value;
  return pr;
}
