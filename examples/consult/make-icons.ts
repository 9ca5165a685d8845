// Draws the studio's app icons (the project's own artwork): the top of a head seen from above, filled with
// a grid of pigment dots that fades towards a soft hairline. Run `npm run icons` after changing it; the PNGs
// in examples/consult/icons/ are committed. Deterministic: the same script writes the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const OUT = new URL('./icons/', import.meta.url);
const BACKGROUND = [31, 35, 40] as const; // the studio's dark bar
const SKIN = [214, 178, 150] as const;
const INK = [52, 44, 40] as const;

/**
 * One icon, `size` px square. `safe` is the share of the side the artwork may use: maskable icons keep
 * everything inside the central 80 % circle, so the head is drawn smaller there.
 */
function icon(size: number, safe: number, rounded: boolean): Buffer {
  const png = new PNG({ width: size, height: size });
  const ss = 4; // supersampling per axis, for smooth edges
  const r = (size * safe) / 2;
  const cx = size / 2;
  const cy = size / 2;
  const corner = rounded ? size * 0.18 : 0;
  const dotStep = r / 7.5;
  const dotR = dotStep * 0.2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const px = x + (sx + 0.5) / ss;
          const py = y + (sy + 0.5) / ss;
          // rounded-square plate (transparent outside its corners when `rounded`)
          const qx = Math.max(corner - px, 0, px - (size - corner));
          const qy = Math.max(corner - py, 0, py - (size - corner));
          if (rounded && Math.hypot(qx, qy) > corner) continue;
          let c: readonly number[] = BACKGROUND;
          // the head from above: an ellipse a little longer than wide
          const ex = (px - cx) / (r * 0.82);
          const ey = (py - cy) / r;
          if (ex * ex + ey * ey <= 1) {
            c = SKIN;
            // the hairline: a soft curve across the front (top of the icon); dots only behind it
            const hairline = -0.55 + 0.18 * ex * ex;
            const gx = (px - cx) / dotStep;
            const gy = (py - cy) / dotStep;
            const row = Math.round(gy);
            const shift = (row & 1) * 0.5;
            const dx = (gx - shift - Math.round(gx - shift)) * dotStep;
            const dy = (gy - row) * dotStep;
            const behind = ey - hairline;
            // full dots behind the line, shrinking across a transition zone in front of it
            const scale = Math.min(1, Math.max(0, (behind + 0.25) / 0.3));
            if (scale > 0 && Math.hypot(dx, dy) <= dotR * (0.45 + 0.55 * scale)) c = INK;
          }
          acc = [acc[0]! + c[0]!, acc[1]! + c[1]!, acc[2]! + c[2]!, acc[3]! + 255];
        }
      const n = ss * ss;
      const i = (y * size + x) * 4;
      const a = acc[3]! / n;
      const cover = acc[3]! / 255 || 1;
      png.data[i] = Math.round(acc[0]! / cover);
      png.data[i + 1] = Math.round(acc[1]! / cover);
      png.data[i + 2] = Math.round(acc[2]! / cover);
      png.data[i + 3] = Math.round(a);
    }
  return PNG.sync.write(png, { colorType: 6 });
}

mkdirSync(OUT, { recursive: true });
const icons: [string, number, number, boolean][] = [
  ['icon-192.png', 192, 0.78, true],
  ['icon-512.png', 512, 0.78, true],
  // maskable: a full-bleed plate; the platform cuts its own shape, so the art stays in the safe zone
  ['icon-maskable-512.png', 512, 0.62, false],
  // iOS home screen: opaque, square (iOS rounds it)
  ['apple-touch-icon-180.png', 180, 0.72, false],
];
for (const [name, size, safe, rounded] of icons) {
  writeFileSync(new URL(name, OUT), icon(size, safe, rounded));
  console.log(`${name.padEnd(28)} ${size}×${size}`);
}
