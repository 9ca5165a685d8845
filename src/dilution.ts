// Dilution by skin type and hair colour: the artist's first choice of shade (DOMAIN "Pigment and colour": chosen
// by Fitzpatrick type and hair colour; no published numeric table exists, so this one is ours and editable), and the
// contrast a dot can show against the skin. Plans that leave a session's shade out get it from these tables.
import { int, oneOf } from './errors.js';

/** Hair colours a plan names. */
export const HAIR_COLORS = ['black', 'dark-brown', 'brown', 'light-brown', 'blonde', 'grey', 'red'] as const;
export type HairColor = (typeof HAIR_COLORS)[number];

/**
 * Final-session darkness (0–1) by hair colour, then adjusted by Fitzpatrick type. Ours, editable; each 0.15 darker than
 * before the healed-tone calibrations (black 0.85 → 0.95 → 1; docs/calibration.md, "What moved"): DOMAIN "Dots", healed
 * dots read grey-to-black under a dermatoscope, and black hair takes the full pigment.
 */
export const SHADE_BY_HAIR: Record<HairColor, number> = {
  black: 1,
  'dark-brown': 0.9,
  brown: 0.8,
  'light-brown': 0.7,
  red: 0.7,
  blonde: 0.6,
  grey: 0.65,
};
/** Added to the hair-colour shade per Fitzpatrick type I–VI: lighter skin, lighter dilution; dark skin needs a darker one to show. Ours. */
export const SHADE_BY_FITZPATRICK: number[] = [-0.1, -0.05, 0, 0, 0.05, 0.08];
/**
 * Session shades as shares of the final shade by session index, lightest first (DOMAIN "Sessions"); later sessions take
 * the last. Ours; was 0.6 / 0.8 / 1, then 0.75 / 0.9 / 1, before the healed-tone calibrations (docs/calibration.md,
 * "What moved"): a first session's dots stay in the healed look (30 % of the dots), and lighter they healed too light
 * to count; session 1 stays > 20 % lighter than session 3 once settled (test/aging.test.ts), session 2 (40 % of the
 * dots) fills the gaps nearly at full shade.
 */
export const SESSION_SHADE_RAMP: number[] = [0.78, 0.95, 1];

/**
 * Suggested session shades (lightest first) for a skin type and hair colour, using the tables above. Session i's shade
 * depends on i alone, so adding or removing a later session never changes an earlier one's.
 */
export function suggestedShades(fitzpatrick: number, hairColor: HairColor, sessions = 3): number[] {
  int('suggestedShades: fitzpatrick', fitzpatrick, 1, 6);
  oneOf('suggestedShades: hairColor', hairColor, HAIR_COLORS);
  int('suggestedShades: sessions', sessions, 0, 12);
  const final = Math.min(1, Math.max(0.1, SHADE_BY_HAIR[hairColor] + (SHADE_BY_FITZPATRICK[fitzpatrick - 1] ?? 0)));
  const ramp = SESSION_SHADE_RAMP.length ? SESSION_SHADE_RAMP : [1];
  const out: number[] = [];
  for (let i = 0; i < sessions; i++) out.push(Math.round(final * ramp[Math.min(i, ramp.length - 1)]! * 1000) / 1000);
  return out;
}

/**
 * OkLab lightness of untreated scalp skin by Fitzpatrick type I–VI. Ours, from typical skin colours (pale ≈ 0.86 to
 * deeply pigmented ≈ 0.38); editable. A photo's own skin replaces it in the studio.
 */
export const SKIN_LIGHTNESS: number[] = [0.86, 0.8, 0.72, 0.62, 0.5, 0.38];
/** OkLab lightness of undiluted SMP pigment seen through the epidermis (black reads dark grey-blue). Ours. */
export const PIGMENT_LIGHTNESS = 0.2;

/**
 * How much lighter the skin is than fully dark pigment under it, 0–1 (lightness difference). Dots darken the skin by at
 * most this: on type VI skin a dot can show about a third of the contrast it shows on type I, whatever its shade —
 * darker dilution narrows the gap but cannot close it.
 */
export function skinContrast(fitzpatrick: number): number {
  const L = SKIN_LIGHTNESS[Math.min(6, Math.max(1, Math.round(fitzpatrick))) - 1]!;
  return Math.max(0, L - PIGMENT_LIGHTNESS);
}
