// The aging model's contract: per-dot appearance at a given day, computed closed-form from the dots'
// stored per-dot values (no re-simulation, no neighbourhood search), so the same formulas port to a shader.

/** How every dot looks at one instant. Arrays have the dots' count; reuse one via the `out` argument. */
export interface Appearance {
  /** Day the appearance was computed for (days after the first session). */
  day: number;
  /** How much the dot darkens the skin, 0 (invisible, or not yet deposited) – 1 (black). */
  opacity: Float32Array;
  /** Apparent radius in mm (larger while scabbed, grows slowly over years, larger on blowout). */
  radius: Float32Array;
  /** Hue of the pigment as seen through skin, degrees. */
  hue: Float32Array;
  /** Colourfulness of the pigment, 0 (neutral grey/black) – 1; tattoo-ink drift raises it. */
  chroma: Float32Array;
  /** Edge softness, 0 (crisp) – 1 (fully blurred: spread or blowout halo). */
  softness: Float32Array;
}
