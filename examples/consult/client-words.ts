// The client's report speaks to a client: the plan's values in words a client reads (no engine identifiers such as
// "smp-carbon"), and the check that keeps internal names (our docs, the price book's mechanics) out of it.
import type { Plan } from '../../src/plan.js';

const PIGMENT: Record<Plan['pigment']['kind'], string> = {
  'smp-carbon': 'SMP pigment (carbon black, made for the scalp)',
  'iron-oxide': 'Iron-oxide pigment',
  'tattoo-ink': 'Tattoo ink',
};
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];
const SUN: Record<Plan['skin']['sun'], string> = { low: 'little sun', moderate: 'some sun', high: 'a lot of sun' };

/** The pigment as the report names it. */
export function clientPigment(kind: Plan['pigment']['kind']): string {
  return PIGMENT[kind];
}

/** The skin as the report describes it: "Skin type III (Fitzpatrick), normal skin, some sun". */
export function clientSkin(skin: Plan['skin']): string {
  return `Skin type ${ROMAN[skin.fitzpatrick - 1]} (Fitzpatrick), ${skin.dryness} skin, ${SUN[skin.sun]}`;
}

/** Names that mean something to us and nothing to a client; none may reach the client's report. */
export const INTERNAL_TERMS: readonly RegExp[] = [/DOMAIN/, /\.md\b/, /smp-carbon|iron-oxide|tattoo-ink/, /\bbands?\b/i, /\bseed\b/i, /\bprice book\b/i, /\bscar-fu[et]\b/, /\bNW\d/, /\[(clinic|peer|forum|derived)\]/];

/** The internal names found in a text (empty when it speaks to a client). */
export function internalTerms(text: string): string[] {
  return INTERNAL_TERMS.flatMap((re) => text.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)) ?? []);
}
