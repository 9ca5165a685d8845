// Fingers on the stage: the hit radius a touch gets (44 CSS px across at any zoom) and palm rejection while a pen
// is down. The stylesheet's coarse-pointer layout (examples/touch.css) sizes the controls around the stage.

/** Half of the 44 CSS px a finger needs (Apple HIG 44 pt, WCAG 2.5.5): a handle or a vertex this near a touch is hit, at any zoom. */
export const TOUCH_HIT_RADIUS_PX = 22;

/** The hit radius for this pointer in CSS px: a finger's, or `fine` for a mouse or a pen. */
export function hitRadiusPx(e: { pointerType: string }, fine: number): number {
  return e.pointerType === 'touch' ? Math.max(fine, TOUCH_HIT_RADIUS_PX) : fine;
}

/** The nearest of `points` (CSS px) to (x, y) within `radius`, or null. */
export function nearestWithin(points: readonly (readonly [number, number])[], x: number, y: number, radius: number): number | null {
  let best: number | null = null;
  let bestD = radius;
  points.forEach(([px, py], i) => {
    const d = Math.hypot(px - x, py - y);
    if (d <= bestD) [best, bestD] = [i, d];
  });
  return best;
}
