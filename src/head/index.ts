// smp-sim/head: the client's head in the photo. Pure (no DOM): fit a posed ellipsoid to a HeadObservation,
// lay the flat scalp map (mm) on it, and project every dot into photo px with its own foreshortened ellipse.
export {
  /** A point in photo px. */
  type Px,
  /** A single-channel raster at `scale` photo px per cell. */
  type Raster,
  /** Labels of HeadObservation.classes. */
  PIXEL_CLASS,
  /** Features of a detected face, photo px. */
  type FaceFeatures,
  /** Photo px per mm with its uncertainty and source. */
  type PhotoScale,
  /** An ellipse in photo px. */
  type Ellipse,
  /** What the photo analysis found (the face side's output). */
  type HeadObservation,
  /** A face the detector found: its box in photo px and score. */
  type FaceBox,
} from './observation.js';
export {
  /** Fits a posed ellipsoid and a pinhole camera to an observation. */
  fitHead,
  /** A copy of a fit with radii, pose, origin arc, position or clip changed by hand. */
  adjustHead,
  /** The studio's handles (px): outline top, left, right and the front pole. */
  headHandles,
  /** The fit after dragging a handle to a px point. */
  dragHandle,
  /** Head-frame point → photo px. */
  headToPx,
  /** Whether a head-frame point faces the camera. */
  facesCamera,
  /** The ellipsoid's outline in the photo as a dual conic. */
  outlineConic,
  /** The outline's extreme point in an image direction. */
  outlineSupport,
} from './entry.js';
export {
  /** Mean head radii (Pheasant) used as priors, mm. */
  HEAD_RADII_MM,
  /** Allowed ranges of the fitted radii, mm. */
  HEAD_RADII_RANGE,
  /** Adult mean inter-pupillary distance, mm. */
  IPD_MM,
  /** Garg's mid-frontal arc above the glabella, mm. */
  MID_FRONTAL_ARC_MM,
  /** A fitted head (plain data). */
  type HeadFit,
  /** Options of fitHead. */
  type FitOptions,
  /** Hand edits of a fit. */
  type HeadAdjustment,
  /** Head pose, radians. */
  type Pose,
  /** Ellipsoid semi-axes, mm. */
  type HeadRadii,
} from './model.js';
export {
  /** The affine projection of a ScalpView (the sample scalp, unfitted photos). */
  flatProjection,
  /** The projection through a fitted head. */
  headProjection,
  /** The head projection's class (headPoint, grid reuse). */
  HeadProjection,
  /** Allocates ProjectedDots for n points. */
  allocProjected,
  /** A dot's ellipse (axes px, angle) from its Jacobian and radius mm. */
  dotEllipse,
  /** A photo px polygon (proposed area, brush stroke) as scalp mm. */
  pxPolygonToMm,
} from './entry.js';
export {
  /** Scalp mm ↔ photo px with Jacobian and visibility. */
  type Projection,
  /** Projected px, Jacobians and visibility of many dots. */
  type ProjectedDots,
} from './projection.js';
export {
  /** Flat scalp mm → head-frame point, exactly. */
  surfacePoint,
  /** The flat map on an ellipsoid (radii, origin arc). */
  surfaceMap,
} from './entry.js';
export {
  /** A hairline from the face: mid-frontal point (Garg or thirds) and temple points. */
  suggestHairline,
  /** The face's up direction and one face-third, px. */
  faceThird,
  /** The midline arc (mm) that shows a given number of face-thirds above the glabella. */
  arcForThirds,
  /** Garg's 8 cm, one face-third and the fit's own height, each in mm of arc and in face-thirds. */
  hairlineHeights,
} from './entry.js';
export {
  /** Options of suggestHairline. */
  type HairlineSuggestOptions,
  /** Height presets in face-thirds above the glabella: youthful 1.0, mature 1.1, conservative 1.2. */
  HAIRLINE_HEIGHTS,
  /** A height preset's name. */
  type HairlineHeight,
  /** The preset a fresh photo gets ('mature'). */
  DEFAULT_HAIRLINE_HEIGHT,
  /** The mid-frontal arc a hand-set height may take, mm. */
  HAIRLINE_ARC_RANGE_MM,
  /** A height in mm of arc and in face-thirds. */
  type HeightReading,
  /** The suggested hairline. */
  type HairlineSuggestion,
} from './hairline.js';
