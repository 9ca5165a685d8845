// The renderer adapter: the only part of smp-sim that imports pixi.js or touches the DOM. mm → px lives in
// view.ts (flat) and src/head/projection.ts (a fitted head); both reach the renderer as a Projection.
export {
  /** Scalp mm → background px. */
  mmToPx,
  /** Background px → scalp mm (exact inverse of mmToPx). */
  pxToMm,
  /** The view as a column-major 3×3 matrix (mm → px) for a shader uniform. */
  viewMatrix,
  /** The view fitting a mm box into a px frame with a margin. */
  fitView,
  /** Box of an interleaved xy array (e.g. Dots.xy). */
  boundsOf,
  /** Box of polygons ([x, y] lists: regions, hairline). */
  boundsOfPolygons,
} from './entry.js';
export {
  /** Maps scalp mm to background-image px: scale, pixel of the mm origin, rotation. */
  type ScalpView,
  /** An axis-aligned box (mm or px). */
  type Bounds,
  /** A 2-vector written by the `out` forms. */
  type Vec2,
  /** The identity view (1 px per mm, origin at pixel 0, 0). */
  identityView,
  /** An empty box that grows by including points. */
  emptyBounds,
} from '../view.js';
export {
  /** Pixi v8 (WebGL) renderer: background + instanced dots, view and camera. */
  ScalpRenderer,
  /** Options of ScalpRenderer.create. */
  type ScalpRendererOptions,
  /** Pan/zoom: canvas px = world px × zoom + (x, y). */
  type Camera,
  /** Images the background accepts. */
  type BackgroundSource,
  /** Largest dot radius the renderer carries, mm. */
  RADIUS_MAX_MM,
  /** GPU bytes per dot: static (setDots) and dynamic (setAppearance). */
  RENDER_BYTES_PER_DOT,
  /** GPU bytes per dot of a head projection. */
  PROJECTED_BYTES_PER_DOT,
  /** How dots sit in a photo: look raster, blur σ, stubble tone. */
  type PhotoLook,
  /** 'shaved' or 'density'. */
  type PhotoEffect,
} from './renderer.js';
export {
  /** sRGB-encoded value → linear light. */
  srgbToLinear,
  /** Linear light → sRGB-encoded value. */
  linearToSrgb,
  /** A dot's linear transmission per channel (pigment through the epidermis, or the stubble tone). */
  dotTransmission,
  /** Ink coverage of a patch from opacity and radius arrays: Σ opacity × π r² / area (the dots' version: smp-sim inkCoverage). */
  patchCoverage,
  /** A dot's drawn footprint (radius, edge, centre opacity) keeping opacity × area. */
  footprint,
  /** Share of a pixel a footprint covers at a distance. */
  footprintCover,
  /** Optical density one dot adds to a pixel. */
  inkDensity,
} from './entry.js';
export {
  /** OKLab lightness of the pigment colour. */
  DOT_LIGHTNESS,
  /** OKLab chroma at appearance chroma 1. */
  DOT_CHROMA_SCALE,
  /** Minimum drawn footprint radius, device px (smaller dots keep their ink by fading). */
  MIN_RADIUS_PX,
  /** Share of light the epidermis scatters back above the ink (lifts the ink's linear transmission). */
  EPIDERMIS_SCATTER,
  /** The ink model's GLSL. */
  INK_GLSL,
  /** A dot's footprint. */
  type Footprint,
} from './ink.js';
export {
  /** The photo's blur as a Gaussian σ, px. */
  estimateBlurSigma,
  /** The stubble's multiply tone from the classes raster. */
  stubbleTone,
  /** The per-pixel look raster: drawable, hair, overhead light. */
  lookMap,
} from './entry.js';
export {
  /** RGBA pixels. */
  type Rgba,
  /** The look raster. */
  type LookMap,
  /** Options of lookMap. */
  type LookMapOptions,
} from './photo-look.js';
export {
  /** The shaved look's base: the photo's remaining hair on the fitted head drawn as bare skin (a buzz cut), as an RGBA patch. */
  shaveHead,
} from './entry.js';
export {
  /** Options of shaveHead. */
  type ShaveOptions,
  /** shaveHead's patch (photo px x, y) and the skin model it read. */
  type ShavedBase,
  /** The shave's tuning constants. */
  SHAVE,
} from './shave.js';
export {
  /** The affine projection of a ScalpView. */
  flatProjection,
  /** The projection through a fitted head. */
  headProjection,
} from './entry.js';
export {
  /** Scalp mm ↔ photo px with Jacobian and visibility (flat or head). */
  type Projection,
  /** Projected px, Jacobians and visibility of many dots. */
  type ProjectedDots,
} from '../head/projection.js';
export {
  /** The sample scalp as RGBA pixels (pure, node-safe), with its view. */
  sampleScalpPixels,
  /** The default view of the sample scalp for an image size. */
  sampleScalpView,
} from './entry.js';
export {
  /** The built-in sample scalp on a canvas, with its view. */
  renderSampleScalp,
  /** Skin base colours (sRGB) per Fitzpatrick type I–VI. */
  SKIN_RGB,
  /** The mm box the default sample view frames. */
  SAMPLE_HEAD_BOUNDS,
  /** Options of the sample scalp. */
  type SampleScalpOptions,
  /** Sample scalp pixels and view. */
  type SampleScalpPixels,
} from './sample-scalp.js';
export {
  /** AGING_GLSL's uniform values for one instant, from agingTables(plan, day, params) and params. */
  agingUniforms,
  /** A zeroed AgingUniforms, for agingUniforms' out. */
  allocAgingUniforms,
} from './entry.js';
export {
  /** GLSL ES 3.00 for a vertex shader: the aging uniforms and smpAging(seed, shade, radius0, hue0, layer, flags, out opacity, radius, hue, chroma, softness). */
  AGING_GLSL,
  /** GLSL type of each aging uniform ('float', 'int[24]', 'uint', 'vec2', 'uvec2', 'vec4[24]'). */
  AGING_UNIFORM_TYPES,
  /** Most clocks (sessions + touch-ups) the aging shader holds: 24. */
  MAX_CLOCKS,
  /** The aging uniforms keyed by GLSL name. */
  type AgingUniforms,
} from './aging-glsl.js';
