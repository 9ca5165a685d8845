// Inside the head: face skin, bare scalp, hair or background, per cell of a working grid. No offline hair
// model exists (shared/docs/LIBRARIES.md), so a cell is read against the client's own forehead skin, sampled
// from the face landmarks: its colour (CIELAB chroma and lightness distance) and its texture (local contrast of
// lightness: skin is smooth, hair is strands). Then the treated area is proposed: the bald and thinning scalp
// above the brows, joined to the remaining side and back hair by a band, as polygons in photo px.
import { contours } from 'd3-contour';
import { boxMean, insidePolygon, median, toLab, type Rgba } from './image.js';
import { faceOval, MESH } from './landmarks.js';
import { PIXEL_CLASS, type Ellipse, type FaceFeatures, type Px, type Raster } from './observation.js';

/** Tolerances of the skin test around the reference skin (CIELAB units), and its texture allowance. */
export const SKIN_MODEL = {
  /** a/b distance one "sigma" away from the forehead's colour. */
  chroma: 7,
  /** Lightness one "sigma" away: scalp is lit from above (brighter) or shaded (darker) more than the forehead. */
  lighterBy: 22,
  darkerBy: 20,
  /** Texture (local sd of L) allowed on top of the forehead's own. */
  texture: 3.5,
  /** A cell is skin when the sum of its squared sigmas is below this. */
  threshold: 3,
  /**
   * In a grey photo (black and white: the forehead's chroma under SHADED_SKIN.minRefChroma) the chroma term carries
   * nothing, so the two terms left get the same χ² quantile (≈ 0.6) over two degrees of freedom: 3 → 2.
   */
  greyThreshold: 2,
  /**
   * Specular highlight on bare scalp: lighter than the forehead by at least this (L units), less saturated than it,
   * and smooth (texture within one allowance) — shine that hair, a matte mass of strands, does not give.
   */
  highlightAbove: 8,
} as const;

/** What classifyHead needs: the grid image, its scale, the person mask on the same grid, the face and outline. */
export interface ClassifyInput {
  /** The photo resampled to the working grid. */
  image: Rgba;
  /** Photo px per grid cell. */
  scale: number;
  /** Person mask on the same grid (255 = person), or null (then the outline alone bounds the head). */
  mask: Raster | null;
  face: FaceFeatures | null;
  outline: Ellipse | null;
  /** Photo px per mm when known (sets the texture window and the joining band). */
  pxPerMm?: number | null;
}

/** The classes raster and the per-cell evidence behind it. */
export interface Classification {
  classes: Raster;
  /** Share of skin-like cells in each cell's neighbourhood, 0–1 (how much scalp shows). */
  scalpShare: Float32Array;
}

function insideEllipse(x: number, y: number, e: Ellipse, grow: number): boolean {
  const c = Math.cos(e.angle), s = Math.sin(e.angle);
  const dx = x - e.cx, dy = y - e.cy;
  const u = (dx * c + dy * s) / (e.rx * grow), v = (-dx * s + dy * c) / (e.ry * grow);
  return u * u + v * v <= 1;
}

/** Unit vector "up the face" (perpendicular to the eye line), and a point on the brow line. */
function browFrame(face: FaceFeatures): { up: Px; brow: Px } {
  const [r, l] = face.pupils;
  const len = Math.hypot(l[0] - r[0], l[1] - r[1]) || 1;
  const ax: Px = [(l[0] - r[0]) / len, (l[1] - r[1]) / len];
  const up: Px = [ax[1], -ax[0]];
  // the higher of the two brow tops along "up"
  const [b0, b1] = face.browTops;
  const brow = b0[0] * up[0] + b0[1] * up[1] > b1[0] * up[0] + b1[1] * up[1] ? b0 : b1;
  return { up, brow };
}

/**
 * Bare scalp turned from the light keeps its skin but not the forehead's lightness: the side of a bald dome in
 * shadow reads 30–40 L darker and a little more saturated (portrait 01), past the lightness allowance. Skin shades
 * gradually; hair meets skin at a step and is strands. So skin grows from the skin cells (face and scalp) into
 * hair-classed head cells that continue it: a small colour step from a skin neighbour, smooth, and chromatic
 * (grey and white hair stay hair).
 */
export const SHADED_SKIN = {
  /** Largest step between 4-neighbouring cells, CIELAB L and a/b units. */
  stepL: 4,
  stepAB: 3,
  /** Texture allowed on top of the forehead's own (local sd of L). */
  texture: 2,
  /** Chroma at least this share of the forehead's (shade keeps skin's colour; stubble and grey hair dilute it). */
  chromaShare: 0.75,
  /** Lightness floor, L units (black hair is darker). */
  minL: 15,
  /** The forehead's chroma below which the photo is taken as grey (black and white): the grey threshold applies. */
  minRefChroma: 4,
  /**
   * The forehead's chroma below which no skin is grown: in a muted photo (10, 12, 13, 14: 6.5–8.3 against 14.6–38.7
   * on the others) a buzz cut's stubble over skin keeps enough of its colour to pass for shade.
   */
  growRefChroma: 10,
} as const;

function growShadedSkin(
  classes: Uint8Array,
  head: Uint8Array,
  lab: { L: Float32Array; a: Float32Array; b: Float32Array },
  tex: Float32Array,
  refT: number,
  refChroma: number,
  w: number,
  h: number,
): void {
  // a grey or muted photo (too little chroma to tell stubble or grey hair from shaded skin): nothing to grow on
  if (refChroma < SHADED_SKIN.growRefChroma) return;
  const queue: number[] = [];
  for (let i = 0; i < classes.length; i++) if (head[i] && classes[i] !== PIXEL_CLASS.hair) queue.push(i);
  const ok = (j: number): boolean =>
    head[j] === 1 &&
    classes[j] === PIXEL_CLASS.hair &&
    tex[j]! <= refT + SHADED_SKIN.texture &&
    lab.L[j]! >= SHADED_SKIN.minL &&
    Math.hypot(lab.a[j]!, lab.b[j]!) >= SHADED_SKIN.chromaShare * refChroma;
  while (queue.length) {
    const i = queue.pop()!;
    const x = i % w, y = (i / w) | 0;
    for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1]) {
      if (j < 0 || !ok(j)) continue;
      if (Math.abs(lab.L[j]! - lab.L[i]!) > SHADED_SKIN.stepL) continue;
      if (Math.abs(lab.a[j]! - lab.a[i]!) > SHADED_SKIN.stepAB || Math.abs(lab.b[j]! - lab.b[i]!) > SHADED_SKIN.stepAB) continue;
      classes[j] = PIXEL_CLASS.scalp;
      queue.push(j);
    }
  }
}

/** Classifies every grid cell (PIXEL_CLASS): background outside the head, face skin, bare scalp, hair. */
export function classifyHead(input: ClassifyInput): Classification {
  const { image, scale, mask, face, outline } = input;
  const { width: w, height: h } = image;
  const n = w * h;
  if (mask && (mask.width !== w || mask.height !== h)) throw new RangeError(`mask: expected ${w}×${h}, got ${mask.width}×${mask.height}`);
  const lab = toLab(image);
  const pxPerMm = input.pxPerMm ?? (face ? Math.hypot(face.pupils[1][0] - face.pupils[0][0], face.pupils[1][1] - face.pupils[0][1]) / 63 : null);
  // texture: local sd of L over about 1.5 mm (at least one cell each side)
  const r = Math.max(1, Math.min(4, Math.round(pxPerMm ? (1.5 * pxPerMm) / scale : 1)));
  const mean = boxMean(lab.L, w, h, r);
  const sq = boxMean(lab.L.map((v) => v * v), w, h, r);
  const tex = new Float32Array(n);
  for (let i = 0; i < n; i++) tex[i] = Math.sqrt(Math.max(0, sq[i]! - mean[i]! * mean[i]!));

  // the head: person mask ∩ the outline (grown 8 %), above the chin
  const head = new Uint8Array(n);
  const chinY = face ? face.chin[1] : Infinity;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const px = (x + 0.5) * scale, py = (y + 0.5) * scale;
      const i = y * w + x;
      const person = mask ? mask.data[i]! >= 128 : true;
      const inOutline = outline ? insideEllipse(px, py, outline, 1.08) : !!mask;
      head[i] = person && inOutline && py < chinY ? 1 : 0;
    }

  // the reference skin: the forehead around the landmarks, else the smoothest tenth of the head
  const refIdx: number[] = [];
  if (face) {
    const ipd = Math.hypot(face.pupils[1][0] - face.pupils[0][0], face.pupils[1][1] - face.pupils[0][1]);
    const rad = Math.max(scale, 0.12 * ipd);
    for (const k of MESH.forehead) {
      const cx = face.mesh[3 * k]!, cy = face.mesh[3 * k + 1]!;
      for (let y = Math.max(0, Math.floor((cy - rad) / scale)); y <= Math.min(h - 1, Math.ceil((cy + rad) / scale)); y++)
        for (let x = Math.max(0, Math.floor((cx - rad) / scale)); x <= Math.min(w - 1, Math.ceil((cx + rad) / scale)); x++)
          if (Math.hypot((x + 0.5) * scale - cx, (y + 0.5) * scale - cy) <= rad) refIdx.push(y * w + x);
    }
  } else {
    const inHead: number[] = [];
    for (let i = 0; i < n; i++) if (head[i]) inHead.push(i);
    inHead.sort((p, q) => tex[p]! - tex[q]!);
    refIdx.push(...inHead.slice(0, Math.max(1, Math.floor(inHead.length / 10))));
  }
  const ref = {
    L: median(refIdx.map((i) => lab.L[i]!)),
    a: median(refIdx.map((i) => lab.a[i]!)),
    b: median(refIdx.map((i) => lab.b[i]!)),
    t: median(refIdx.map((i) => tex[i]!)),
  };

  const refChroma = Math.hypot(ref.a, ref.b);
  const threshold = refChroma < SHADED_SKIN.minRefChroma ? SKIN_MODEL.greyThreshold : SKIN_MODEL.threshold;
  const oval = face ? faceOval(face.mesh) : null;
  const frame = face ? browFrame(face) : null;
  const skin = new Uint8Array(n);
  const classes = new Uint8Array(n);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!head[i]) continue;
      const dL = lab.L[i]! - ref.L;
      const dC = Math.hypot(lab.a[i]! - ref.a, lab.b[i]! - ref.b);
      const dT = Math.max(0, tex[i]! - ref.t);
      const score = (dC / SKIN_MODEL.chroma) ** 2 + (dL / (dL > 0 ? SKIN_MODEL.lighterBy : SKIN_MODEL.darkerBy)) ** 2 + (dT / SKIN_MODEL.texture) ** 2;
      const chroma = Math.hypot(lab.a[i]!, lab.b[i]!);
      const highlight = dL > SKIN_MODEL.highlightAbove && chroma < refChroma && dT < SKIN_MODEL.texture;
      skin[i] = (Number.isFinite(score) && score < threshold) || highlight ? 1 : 0;
      const px = (x + 0.5) * scale, py = (y + 0.5) * scale;
      const inFace = oval ? insidePolygon(px, py, oval) : false;
      const belowBrows = frame ? (px - frame.brow[0]) * frame.up[0] + (py - frame.brow[1]) * frame.up[1] < 0 : false;
      classes[i] = inFace || (belowBrows && skin[i]) ? PIXEL_CLASS.face : skin[i] ? PIXEL_CLASS.scalp : PIXEL_CLASS.hair;
    }
  growShadedSkin(classes, head, lab, tex, ref.t, refChroma, w, h);

  // how much scalp shows around each cell (≈ 5 mm), counting only head cells
  const rr = Math.max(2, Math.round(pxPerMm ? (5 * pxPerMm) / scale : 4));
  const sk = boxMean(Float32Array.from(classes, (c) => (c === PIXEL_CLASS.scalp ? 1 : 0)), w, h, rr);
  const hd = boxMean(Float32Array.from(classes, (c) => (c === PIXEL_CLASS.scalp || c === PIXEL_CLASS.hair ? 1 : 0)), w, h, rr);
  const scalpShare = new Float32Array(n);
  for (let i = 0; i < n; i++) scalpShare[i] = hd[i]! > 0 ? sk[i]! / hd[i]! : 0;
  return { classes: { width: w, height: h, scale, data: classes }, scalpShare };
}

/**
 * The lowest share of the face's middle third (glabella to nose base) that the upper third (hairline to glabella)
 * takes: by the rule of thirds the two are equal, and the mid-frontal hairline sits 7–8 cm above the glabella
 * (shared/docs/DOMAIN.md, "Hairline design"); 0.8 leaves room for a low hairline and the feathered transition zone.
 */
export const MIN_UPPER_THIRD = 0.8;

/**
 * Whether a photo point lies on the forehead: under the half-ellipse over the glabella reaching MIN_UPPER_THIRD ×
 * the middle third up and the lateral canthi across. Bare forehead skin looks like bald scalp; the treated area
 * stops there.
 */
function foreheadBox(face: FaceFeatures): (x: number, y: number) => boolean {
  const { up } = browFrame(face);
  const across: Px = [-up[1], up[0]];
  const [g, nb] = [face.glabella, face.noseBase];
  const third = Math.abs((g[0] - nb[0]) * up[0] + (g[1] - nb[1]) * up[1]);
  const [c0, c1] = face.lateralCanthi.map((c) => (c[0] - g[0]) * across[0] + (c[1] - g[1]) * across[1]) as [number, number];
  const half = Math.max(Math.abs(c0), Math.abs(c1));
  // a half-ellipse over the glabella, as wide as the eye corners: hairlines are arcs, not steps
  return (x, y) => {
    const u = (x - g[0]) * up[0] + (y - g[1]) * up[1];
    const a = (x - g[0]) * across[0] + (y - g[1]) * across[1];
    return Math.abs(a) < half && u < MIN_UPPER_THIRD * third * Math.sqrt(1 - (a / half) ** 2);
  };
}

/** Douglas–Peucker simplification of a closed ring, tolerance in the ring's units. */
function simplify(ring: Px[], tol: number): Px[] {
  if (ring.length < 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = ring[a]!, [bx, by] = ring[b]!;
    const len = Math.hypot(bx - ax, by - ay);
    let far = -1, farD = tol;
    for (let k = a + 1; k < b; k++) {
      const [px, py] = ring[k]!;
      const d = len > 0 ? Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len : Math.hypot(px - ax, py - ay);
      if (d > farD) {
        farD = d;
        far = k;
      }
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push([a, far], [far, b]);
    }
  }
  return ring.filter((_, k) => keep[k]);
}

/** Options of proposeArea. */
export interface ProposeOptions {
  /** A cell whose neighbourhood shows at least this share of scalp is thinning (treated). Default 0.3. */
  thinning?: number;
  /** Width of the band that joins the area to the remaining hair, mm (default 8). */
  joinMm?: number;
  pxPerMm?: number | null;
}

/**
 * The proposed treated area, photo px polygons (outer rings; largest first): bare and thinning scalp above the
 * brow line, outside the face and above the forehead (foreheadBox), grown by a band into the neighbouring hair,
 * holes filled, specks dropped.
 * Empty when the head shows no bare scalp.
 */
export function proposeArea(c: Classification, face: FaceFeatures | null, options: ProposeOptions = {}): Px[][] {
  const { width: w, height: h, scale, data } = c.classes;
  const n = w * h;
  const thinning = options.thinning ?? 0.3;
  const frame = face ? browFrame(face) : null;
  const forehead = face ? foreheadBox(face) : null;
  // blocked: the face, below the brow line, the forehead; allowed: scalp or hair cells not blocked
  const blocked = new Uint8Array(n);
  const allowed = new Uint8Array(n);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const px = (x + 0.5) * scale, py = (y + 0.5) * scale;
      const belowBrows = !!frame && (px - frame.brow[0]) * frame.up[0] + (py - frame.brow[1]) * frame.up[1] <= 0;
      blocked[i] = data[i] === PIXEL_CLASS.face || belowBrows || (forehead !== null && forehead(px, py)) ? 1 : 0;
      allowed[i] = !blocked[i] && (data[i] === PIXEL_CLASS.scalp || data[i] === PIXEL_CLASS.hair) ? 1 : 0;
    }
  const seed = new Uint8Array(n);
  let seeds = 0;
  for (let i = 0; i < n; i++)
    if (allowed[i] && (data[i] === PIXEL_CLASS.scalp || c.scalpShare[i]! >= thinning)) {
      seed[i] = 1;
      seeds++;
    }
  if (seeds === 0) return [];
  // join to the remaining hair: grow the seeds by the band within the allowed cells
  const pxPerMm = options.pxPerMm ?? (face ? Math.hypot(face.pupils[1][0] - face.pupils[0][0], face.pupils[1][1] - face.pupils[0][1]) / 63 : null);
  const band = Math.max(1, Math.round(pxPerMm ? ((options.joinMm ?? 8) * pxPerMm) / scale : 0.02 * Math.max(w, h)));
  const grown = boxMean(seed, w, h, band);
  const area = new Uint8Array(n);
  for (let i = 0; i < n; i++) area[i] = allowed[i] && grown[i]! > 0 ? 1 : 0;
  // fill holes: flood the outside from the border through non-area cells
  const outside = new Uint8Array(n);
  const queue: number[] = [];
  for (let x = 0; x < w; x++) queue.push(x, (h - 1) * w + x);
  for (let y = 0; y < h; y++) queue.push(y * w, y * w + w - 1);
  while (queue.length) {
    const i = queue.pop()!;
    if (outside[i] || area[i]) continue;
    outside[i] = 1;
    const x = i % w, y = (i / w) | 0;
    if (x > 0) queue.push(i - 1);
    if (x < w - 1) queue.push(i + 1);
    if (y > 0) queue.push(i - w);
    if (y < h - 1) queue.push(i + w);
  }
  // cells enclosed by the area are inside it unless blocked
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = (area[i] || !outside[i]) && !blocked[i] ? 1 : 0;
  const [level] = contours().size([w, h]).thresholds([0.5])(Array.from(values));
  const minCells = Math.max(4, 0.02 * seeds);
  const rings: { ring: Px[]; area: number }[] = [];
  for (const poly of level?.coordinates ?? []) {
    const outer = poly[0];
    if (!outer) continue;
    let a = 0;
    for (let k = 0, j = outer.length - 1; k < outer.length; j = k++) a += (outer[j]![0]! * outer[k]![1]! - outer[k]![0]! * outer[j]![1]!) / 2;
    if (Math.abs(a) < minCells) continue;
    const ring = simplify(outer.map(([x, y]) => [x! * scale, y! * scale] as Px), 0.75 * scale);
    rings.push({ ring, area: Math.abs(a) });
  }
  return rings.sort((p, q) => q.area - p.area).map((r) => r.ring);
}
