// What a buzz cut does to a scalp's tone, measured on the shared portraits (docs/calibration.md, "Measured").
// For each pair of patches on one head — stubble-covered scalp and bare skin at a matching height and surface normal
// (just above and just below the hairline, or the temple hair next to the forehead's edge) — it prints the mean
// linear-light colour of each (sRGB decoded) and their ratio T = mean_lin(stubble) / mean_lin(bare) per channel and
// for Rec.709 luminance Y = 0.2126 R + 0.7152 G + 0.0722 B.
//
// Run: npx tsx scripts/measure-stubble.ts [--png DIR]   (needs ../shared/photos; --png writes each head with its
// patches boxed, magenta stubble and cyan bare, for checking by eye. Only portraits 01, 10 and 15 may be committed,
// so these pictures stay out of the repository.)
import { readFileSync, writeFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** A patch in photo px: left, top, width, height. */
type Box = [x: number, y: number, w: number, h: number];

/** One stubble / bare pair on one head, with where it sits. */
interface Pair {
  id: string;
  /** shaved (razor), buzz (clipper, ≤ ~6 mm), crop (1–2 cm: hair hides the skin); `off`: why the pair is left out of the range. */
  kind: 'shaved' | 'buzz' | 'crop';
  off?: string;
  where: string;
  stubble: Box;
  bare: Box;
}

/** The portraits and their patches, chosen by eye on crops of each head (coordinates in the original photo's px). */
export const PHOTOS: { file: string; what: string; view: Box; pairs: Pair[] }[] = [
  {
    file: '03_front_shaved_michael_dorn.jpg',
    what: 'shaved head (razor), black hair, Fitzpatrick V–VI; flash, even light',
    view: [420, 80, 720, 480],
    pairs: [
      // the shaved sides against the bald top, each at the same depth inside the head's outline: 20–50 px (a, b: in
      // the grey rim, where the cyan backdrop reflects at grazing angles) and 54–84 px (c, d: past it). No stubble is
      // resolved at this scale, and the sides' shading cannot be told from it: weak evidence (docs/calibration.md).
      { id: '03a', kind: 'shaved', where: 'left side vs top, 20–50 px inside outline', stubble: [466, 330, 30, 70], bare: [720, 113, 100, 30] },
      { id: '03b', kind: 'shaved', off: 'the cyan backdrop reflects in the rim (T_B 4.7)', where: 'right side vs top, 20–50 px inside outline', stubble: [1066, 330, 30, 70], bare: [720, 113, 100, 30] },
      { id: '03c', kind: 'shaved', where: 'left side vs top, 54–84 px inside outline', stubble: [500, 360, 30, 80], bare: [720, 138, 100, 30] },
      { id: '03d', kind: 'shaved', where: 'right side vs top, 54–84 px inside outline', stubble: [1032, 360, 30, 80], bare: [720, 138, 100, 30] },
    ],
  },
  {
    file: '11_front_buzzcut_rasmus_lerdorf.jpg',
    what: 'buzz cut ≈ 2–3 mm, fair/blond hair, Fitzpatrick II; daylight from above-front',
    view: [300, 40, 320, 200],
    pairs: [
      { id: '11a', kind: 'buzz', where: 'front stubble band vs forehead just below', stubble: [392, 72, 44, 16], bare: [392, 108, 44, 16] },
      { id: '11b', kind: 'buzz', off: 'blond stubble lit from the side is lighter than the skin', where: 'right temple stubble vs forehead edge, same height', stubble: [546, 128, 16, 40], bare: [520, 128, 16, 40] },
    ],
  },
  {
    file: '12_front_buzzcut_nw2_jeff_dean.jpg',
    what: 'short crop ≈ 1 cm, salt-and-pepper hair, Fitzpatrick II; studio key light from the front-left',
    view: [380, 80, 340, 240],
    pairs: [
      { id: '12a', kind: 'crop', where: 'hair just above the hairline vs forehead just below', stubble: [530, 160, 70, 14], bare: [530, 188, 70, 14] },
      { id: '12b', kind: 'buzz', where: 'right temple hair vs forehead edge, same height', stubble: [642, 210, 20, 50], bare: [612, 210, 20, 50] },
    ],
  },
  {
    file: '13_front_shortcrop_nw2_filippo_giunchedi.jpg',
    what: 'short crop ≈ 1–2 cm, dark brown hair, Fitzpatrick II; open shade',
    view: [300, 50, 200, 100],
    pairs: [
      { id: '13a', kind: 'crop', where: 'hair above the hairline vs forehead just below', stubble: [375, 56, 50, 10], bare: [375, 78, 50, 12] },
      { id: '13b', kind: 'crop', where: 'left temple hair vs forehead edge, same height', stubble: [316, 100, 16, 30], bare: [345, 100, 16, 30] },
      { id: '13c', kind: 'crop', where: 'right temple hair vs forehead edge, same height', stubble: [471, 96, 12, 30], bare: [444, 96, 14, 30] },
    ],
  },
];

const SRGB_TO_LIN = Float64Array.from({ length: 256 }, (_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});
/** Rec.709 / sRGB luminance weights of linear R, G, B. */
const REC709 = [0.2126, 0.7152, 0.0722] as const;

interface Image {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Mean linear R, G, B over a box, and its luminance. */
function meanLinear(img: Image, [x0, y0, w, h]: Box): { rgb: [number, number, number]; Y: number } {
  if (x0 < 0 || y0 < 0 || x0 + w > img.width || y0 + h > img.height) throw new RangeError(`box ${[x0, y0, w, h]} leaves the ${img.width} × ${img.height} photo`);
  const s = [0, 0, 0];
  for (let y = y0; y < y0 + h; y++)
    for (let x = x0; x < x0 + w; x++) {
      const k = 4 * (y * img.width + x);
      for (let c = 0; c < 3; c++) s[c]! += SRGB_TO_LIN[img.data[k + c]!]!;
    }
  const rgb = s.map((v) => v / (w * h)) as [number, number, number];
  return { rgb, Y: REC709[0] * rgb[0] + REC709[1] * rgb[1] + REC709[2] * rgb[2] };
}

/** Linear → 8-bit sRGB level. */
const toSrgb8 = (v: number): number => 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);

/** Writes the view box of a photo, 2× or more, with each pair's patches outlined (magenta stubble, cyan bare). */
function drawPatches(img: Image, view: Box, pairs: Pair[], out: string): void {
  const [vx, vy, vw, vh] = view;
  const k = Math.max(2, Math.floor(900 / vw));
  const W = vw * k;
  const H = vh * k;
  const png = new PNG({ width: W, height: H });
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      const s = 4 * ((vy + Math.floor(j / k)) * img.width + vx + Math.floor(i / k));
      png.data.set([img.data[s]!, img.data[s + 1]!, img.data[s + 2]!, 255], 4 * (j * W + i));
    }
  const rect = ([x, y, w, h]: Box, col: number[]) => {
    const X0 = (x - vx) * k, Y0 = (y - vy) * k, X1 = (x + w - vx) * k - 1, Y1 = (y + h - vy) * k - 1;
    const put = (px: number, py: number) => px >= 0 && py >= 0 && px < W && py < H && png.data.set(col, 4 * (py * W + px));
    for (let px = X0; px <= X1; px++) (put(px, Y0), put(px, Y1));
    for (let py = Y0; py <= Y1; py++) (put(X0, py), put(X1, py));
  };
  for (const p of pairs) {
    rect(p.stubble, [255, 0, 255, 255]);
    rect(p.bare, [0, 255, 255, 255]);
  }
  writeFileSync(out, PNG.sync.write(png));
}

const f3 = (v: number): string => v.toFixed(3);
const pngDir = process.argv.includes('--png') ? process.argv[process.argv.indexOf('--png') + 1] : undefined;
const dir = new URL('../../shared/photos/', import.meta.url).pathname;
const rows: { pair: Pair; T: [number, number, number]; TY: number }[] = [];
console.log('pair  kind    stubble sRGB (Y lin)      bare sRGB (Y lin)         T_R    T_G    T_B    T_Y   where');
for (const photo of PHOTOS) {
  const raw = jpeg.decode(readFileSync(dir + photo.file), { useTArray: true, formatAsRGBA: true });
  const img: Image = { width: raw.width, height: raw.height, data: raw.data };
  if (pngDir) drawPatches(img, photo.view, photo.pairs, `${pngDir}/${photo.file.slice(0, 2)}-patches.png`);
  for (const p of photo.pairs) {
    const s = meanLinear(img, p.stubble);
    const b = meanLinear(img, p.bare);
    const T = [0, 1, 2].map((c) => s.rgb[c]! / b.rgb[c]!) as [number, number, number];
    const TY = s.Y / b.Y;
    rows.push({ pair: p, T, TY });
    const lv = (m: { rgb: number[]; Y: number }) => `${m.rgb.map((v) => Math.round(toSrgb8(v)).toString().padStart(3)).join(' ')} (${f3(m.Y)})`;
    console.log(`${p.id}   ${(p.kind + (p.off ? '*' : '')).padEnd(7)} ${lv(s)}   ${lv(b)}   ${T.map(f3).join('  ')}  ${f3(TY)}  ${p.where}`);
  }
}
const range = (list: typeof rows) => {
  const ys = list.map((r) => r.TY).sort((a, b) => a - b);
  return ys.length ? `${f3(ys[0]!)}–${f3(ys[ys.length - 1]!)}, median ${f3(ys[ys.length >> 1]!)} (${ys.length} pairs)` : 'none';
};
console.log(`stubble (shaved and buzz) T_Y: ${range(rows.filter((r) => r.pair.kind !== 'crop' && !r.pair.off))}`);
console.log(`short crop (hair hides the skin) T_Y: ${range(rows.filter((r) => r.pair.kind === 'crop'))}`);
for (const r of rows) if (r.pair.off) console.log(`* ${r.pair.id} left out: ${r.pair.off}`);
