// The errors smp-sim throws for bad input, and the checks of the public functions' arguments. Every public
// function checks its arguments once, at entry (the plan's zod way: the message names the argument, the field
// and the value) and refuses work beyond a documented bound up front; the core's inner loops trust them.
import { z } from './schema.js';

/** A bad value as an error message shows it: JSON, cut at 80 characters (shared by every validator). */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint' || typeof value === 'symbol') return String(value);
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${(value as unknown as ArrayLike<number>).length}`;
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return String(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Text for a message: a string as it is, anything else as describe() shows it (never throws). */
export function text(v: unknown): string {
  return typeof v === 'string' ? v : describe(v);
}

/**
 * Bad input to smp-sim: `path` names the argument and its field (`dots.count`, `plan.sessions[1].day`), `value`
 * what was found. A RangeError, as d3 and the platform throw for impossible parameters; PlanError, PriceBookError,
 * ArgumentError, IntakeError and SignOffError are its kinds.
 */
export class InputError extends RangeError {
  readonly path: string;
  readonly value: unknown;
  constructor(message: string, path: string, value: unknown) {
    super(text(message));
    this.name = 'InputError';
    this.path = text(path);
    this.value = value;
  }
}

/** A bad argument of a public function: `where` is `function: argument.field`, e.g. `addDays: days`. */
export class ArgumentError extends InputError {
  constructor(where: string, value: unknown, problem: string) {
    super(`${text(where)}: ${text(problem)} (got ${describe(value)})`, where, value);
    this.name = 'ArgumentError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Checks: each returns the value typed, or throws ArgumentError naming `where` and the value.

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A finite number in [lo, hi]. */
export function num(where: string, v: unknown, lo = -Number.MAX_VALUE, hi = Number.MAX_VALUE): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)
    throw new ArgumentError(where, v, lo === -Number.MAX_VALUE && hi === Number.MAX_VALUE ? 'expected a finite number' : `expected a finite number in [${lo}, ${hi}]`);
  return v;
}

/** A whole number in [lo, hi]. */
export function int(where: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new ArgumentError(where, v, `expected a whole number in [${lo}, ${hi}]`);
  return v;
}

/** `v`, or `fallback` when it is undefined, checked by `check`. */
export function opt<T>(v: unknown, fallback: T, check: (v: unknown) => T): T {
  return v === undefined ? fallback : check(v);
}

/** A string of at most `max` characters. */
export function str(where: string, v: unknown, max = 10_000): string {
  if (typeof v !== 'string') throw new ArgumentError(where, v, 'expected a string');
  if (v.length > max) throw new ArgumentError(where, `${v.length} characters`, `expected at most ${max} characters`);
  return v;
}

/** One of a list of names (own keys only: `constructor` and `__proto__` are not names). */
export function oneOf<T extends string>(where: string, v: unknown, names: readonly T[]): T {
  if (typeof v !== 'string' || !names.includes(v as T)) throw new ArgumentError(where, v, `expected one of ${names.join(', ')}`);
  return v as T;
}

/** A plain object (options, records), or `{}` when undefined and `optional`. */
export function obj(where: string, v: unknown, optional = false): Record<string, unknown> {
  if (v === undefined && optional) return {};
  if (!isObject(v) || ArrayBuffer.isView(v)) throw new ArgumentError(where, v, 'expected an object');
  return v;
}

/** An array (or array-like typed array) of at most `max` entries. */
export function list(where: string, v: unknown, max: number): ArrayLike<unknown> {
  if (!(Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)))) throw new ArgumentError(where, v, 'expected a list');
  const n = (v as ArrayLike<unknown>).length;
  if (n > max) throw new ArgumentError(where, `${n} entries`, `expected at most ${max} entries`);
  return v as ArrayLike<unknown>;
}

/** A point [x, y] of finite numbers within ±lim. */
export function point(where: string, v: unknown, lim = 1e9): [number, number] {
  if (!(Array.isArray(v) || ArrayBuffer.isView(v)) || (v as ArrayLike<unknown>).length < 2) throw new ArgumentError(where, v, 'expected a point [x, y]');
  const p = v as ArrayLike<unknown>;
  num(`${where}[0]`, p[0], -lim, lim);
  num(`${where}[1]`, p[1], -lim, lim);
  return [p[0] as number, p[1] as number];
}

/** A typed array of the given kind with at least `min` elements. */
export function typed<T>(where: string, v: unknown, kind: { new (n: number): T; name: string }, min = 0): T {
  if (!(v instanceof kind)) throw new ArgumentError(where, v, `expected a ${kind.name}`);
  const n = (v as unknown as ArrayLike<number>).length;
  if (n < min) throw new ArgumentError(`${where}.length`, n, `expected at least ${min}`);
  return v;
}

/** Every element of a float array finite (O(n): for arrays the caller's work reads anyway). */
export function finiteAll(where: string, a: ArrayLike<number>, n = a.length): void {
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (typeof v !== 'number' || !(v - v === 0)) throw new ArgumentError(`${where}[${i}]`, v, 'expected a finite number');
  }
}

/** A field's path as code would write it: `sessions[1].day`. */
export function pathString(path: readonly PropertyKey[]): string {
  let s = '';
  for (const key of path) {
    if (typeof key === 'number') s += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) s += s ? `.${key}` : key;
    else s += `[${JSON.stringify(String(key))}]`;
  }
  return s;
}

/** The value at a path in a document. */
function at(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * The first place in a value that cannot be read as a number or a string (an object without valueOf and toString,
 * such as Object.create(null)): zod's checks would throw a TypeError there, so the validators name it instead.
 */
export function unreadableAt(v: unknown, path: PropertyKey[] = [], depth = 0): PropertyKey[] | null {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || depth > 64) return null;
  for (const k of Object.keys(v)) {
    const p = unreadableAt((v as Record<string, unknown>)[k], [...path, k], depth + 1);
    if (p) return p;
  }
  if (Array.isArray(v)) return null;
  try {
    void `${v as unknown as string}`;
  } catch {
    return path;
  }
  return null;
}

/** schema.safeParse, with a value zod cannot read refused through `fail` naming its place (zod would throw a TypeError). */
export function safeParse<T>(schema: z.ZodMiniType<T>, v: unknown, fail: (path: PropertyKey[], value: unknown) => never): ReturnType<z.ZodMiniType<T>['safeParse']> {
  try {
    return schema.safeParse(v);
  } catch {
    const bad = unreadableAt(v) ?? [];
    return fail(bad, at(v, bad));
  }
}

/** Parses an argument with a zod schema; the first issue becomes an ArgumentError naming `where` and the field. */
export function parse<T>(where: string, schema: z.ZodMiniType<T>, v: unknown): T {
  const fail = (path: PropertyKey[], value: unknown): never => {
    const p = pathString(path);
    throw new ArgumentError(p ? `${where}.${p}`.replace('.[', '[') : where, value, 'expected JSON-like data (numbers, strings, lists, plain objects)');
  };
  const r = safeParse(schema, v, fail);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const p = pathString(path);
  throw new ArgumentError(p ? `${where}.${p}`.replace('.[', '[') : where, at(v, path), issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message);
}

/** A finite number in [lo, hi] as a zod schema. */
export const zRange = (lo: number, hi: number) => z.number().check(z.minimum(lo), z.maximum(hi));
/** A point [x, y] within ±lim as a zod schema. */
export const zPoint = (lim = 1e9) => z.tuple([zRange(-lim, lim), zRange(-lim, lim)]);
