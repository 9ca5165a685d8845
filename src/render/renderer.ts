// ScalpRenderer: the Pixi v8 adapter. A background sprite (photo or sample scalp) in world space = background
// pixels, and one instanced Mesh that draws every dot as a soft disc from per-instance attributes:
//   static   aCenter  float32x2  dot centre in mm                               } 28 B/dot, uploaded
//            aSeed, aShade, aRadius0, aHue0, aLayerFlags: the Dots fields the      } once per setDots
//            aging model reads (uint32, 3 × float32, uint8x2)                      }
//   dynamic  aLook    unorm8x4   opacity, chroma, softness, hue/360    } 8 B/dot, rewritten in place
//            aRadius  unorm16x2  radius / RADIUS_MAX_MM, (spare)       } per setAppearance
// The look comes either from the CPU (setAppearance: appearanceAt's values, uploaded) or from the GPU
// (setAging: the aging model's GLSL port runs per dot from the static fields and a few uniforms per frame).
// mm → px: the view matrix (view.ts) in the vertex shader, or, with a head projection (src/head/projection.ts),
// each dot's photo px and Jacobian computed on the CPU once per projection and uploaded (24 B/dot): the dot is
// drawn as its own foreshortened ellipse. A camera (pan/zoom) moves the whole world inside the canvas.
// The photo look (setPhotoLook): ink multiplies into the photo in linear light (ink.ts: dark skin stays dark; the
// pigment's cool cast carried through a scattering epidermis) in two passes: the dots add their optical density
// −ln(1 − a·cover·(1 − τ)) into a half-float render texture at the output's resolution, then the photo is drawn
// through a shader, sRGB → linear × exp(−density) → sRGB. Every dot keeps its opacity × area at any size (ink.ts
// footprint); dots are blurred to the photo's own σ and never sharper than it,
// cut per pixel to where ink may go (a look raster: on the head, off the face) and, in the density effect, kept
// off the photo's hair pixels; a harsh overhead light can be added to the scalp.
import {
  type AutoDetectOptions,
  Buffer,
  BufferUsage,
  type ColorSource,
  Container,
  Geometry,
  GlProgram,
  Mesh,
  Rectangle,
  RenderTexture,
  type Renderer,
  Shader,
  Sprite,
  BufferImageSource,
  Texture,
  type TextureSource,
  UniformGroup,
  autoDetectRenderer,
} from 'pixi.js';
// Pixi's eval-free code paths, so the renderer works under a CSP without 'unsafe-eval' (examples/csp.ts)
import 'pixi.js/unsafe-eval';
import { type ProjectedDots, type Projection, allocProjected } from '../head/projection.js';
import type { LookMap } from './photo-look.js';
import type { AgingTables } from '../aging/appearance.js';
import type { AgingParams } from '../aging/params.js';
import type { Appearance } from '../aging/types.js';
import type { Dots } from '../dots.js';
import { DOT_CHROMA_SCALE, DOT_LIGHTNESS, EPIDERMIS_SCATTER, INK_GLSL } from './ink.js';
import { AGING_GLSL, AGING_UNIFORM_TYPES, type AgingUniforms, agingUniforms, allocAgingUniforms } from './aging-glsl.js';
import { type ScalpView, identityView, pxToMm, viewMatrix } from '../view.js';

/** Largest dot radius the dynamic buffer can carry, mm (radii are clamped to it; resolution ≈ 0.06 µm). */
export const RADIUS_MAX_MM = 4;
/** Bytes uploaded per dot: 28 once per setDots, 8 per setAppearance (setAging uploads none). */
export const RENDER_BYTES_PER_DOT = { static: 28, dynamic: 8 } as const;
/** Bytes per dot of the static aging attributes (seed, shade, radius, hue, layer, flags, region, 1 spare). */
const AGING_STRIDE = 20;
/** GPU bytes per dot of a head projection (photo px and Jacobian, float32 × 6). */
export const PROJECTED_BYTES_PER_DOT = 24;

/** How dots sit in a photo (setPhotoLook). */
export interface PhotoLook {
  /** Per-pixel look raster (photo-look.ts lookMap): R drawable, G hair, B overhead light. */
  map: LookMap;
  /** The photo's blur σ, photo px (photo-look.ts estimateBlurSigma). */
  blurPx: number;
  /** The shaved effect's ink: a linear transmission per channel (photo-look.ts stubbleTone), or null for the pigment's own colour. */
  stubble?: readonly [number, number, number] | null;
}

/** Shaved: every dot of the treated area, toned to the stubble; density: dots only where no hair shows, the photo's hair kept over them. */
export type PhotoEffect = 'shaved' | 'density';

/** Options of ScalpRenderer.create. */
export interface ScalpRendererOptions {
  /** Canvas to draw into (HTMLCanvasElement or OffscreenCanvas); a new one when omitted. */
  canvas?: HTMLCanvasElement | OffscreenCanvas;
  /** Canvas size in CSS px. */
  width: number;
  height: number;
  /** Device pixels per CSS px (default 1). */
  resolution?: number;
  /** Clear colour behind the background (default '#202226'). */
  background?: ColorSource;
}

/** Pan and zoom of the whole world: canvas px (CSS) = world (background) px × zoom + (x, y). */
export interface Camera {
  /** Canvas px per world px (> 0). */
  zoom: number;
  /** Canvas px of the world origin (the background's top-left corner). */
  x: number;
  y: number;
}

/** Any image the background accepts. */
export type BackgroundSource = HTMLCanvasElement | ImageBitmap | HTMLImageElement | OffscreenCanvas;

const vertexSource = (head: boolean): string => /* glsl */ `#version 300 es
${head ? '#define HEAD_PROJECTION 1' : ''}
${AGING_GLSL}
${INK_GLSL}

in vec2 aCorner;
in vec2 aCenter;
in vec4 aLook;
in vec2 aRadius;
in highp uint aSeed;
in highp float aShade;
in highp float aRadius0;
in highp float aHue0;
in highp uvec4 aLayerFlags;
#ifdef HEAD_PROJECTION
in vec2 aPx;
in vec4 aJac;
#endif

uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform mat3 uView;
uniform float uRadiusMax;
uniform float uPixelRatio;
uniform float uLightness;
uniform float uChromaScale;
uniform int uGpuAging;
uniform int uPhoto;
uniform float uBlurPx;

out vec2 vOffsetPx;
out vec2 vWorld;
out float vRadiusPx;
out float vEdgePx;
out vec4 vColor;

void main() {
  // world (background px) → canvas px: Pixi's world transform (the camera); device px per world px
  mat3 worldToScreen = uWorldTransformMatrix * uTransformMatrix;
  float zoomDev = length(worldToScreen[0].xy) * uPixelRatio;
#ifdef HEAD_PROJECTION
  // each dot's own photo px and Jacobian (px per mm): the geometric mean scales its size
  mat2 jac = mat2(aJac.xy, aJac.zw);
  float pxPerMm = sqrt(abs(determinant(jac))) * zoomDev;
  if (aPx.x < -1.0e8 || pxPerMm <= 0.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0); // culled: far side, off the head or below the brows
    return;
  }
#else
  // mm → canvas px: the view, then the camera
  mat3 toScreen = worldToScreen * uView;
  float pxPerMm = length(toScreen[0].xy) * uPixelRatio;
#endif
  // the look: from the aging model on the GPU (setAging) or uploaded from the CPU (setAppearance)
  float alpha, rMm, hueDeg, chroma, softness;
  if (uGpuAging == 1) {
    smpAging(aSeed, aShade, aRadius0, aHue0, aLayerFlags.x, aLayerFlags.y, aCenter, aLayerFlags.z, alpha, rMm, hueDeg, chroma, softness);
  } else {
    alpha = aLook.x;
    rMm = aRadius.x * uRadiusMax;
    hueDeg = aLook.w * 360.0;
    chroma = aLook.y;
    softness = aLook.z;
  }
  // the footprint that keeps opacity x area at any size, blurred to the photo's sigma in the photo look (ink.ts)
  float rPx, edgePx;
  inkFootprint(rMm * pxPerMm, alpha, softness, uPhoto == 1 ? uBlurPx * zoomDev : 0.0, rPx, edgePx, alpha);
  if (alpha <= 0.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0); // outside the clip volume: nothing drawn
    return;
  }
  float extPx = rPx + 0.5 * edgePx + 0.5;
  vec2 cornerMm = aCorner * (extPx / pxPerMm);
#ifdef HEAD_PROJECTION
  vec2 world = aPx + jac * cornerMm;
#else
  vec2 world = (uView * vec3(aCenter + cornerMm, 1.0)).xy;
#endif
  vec3 p = worldToScreen * vec3(world, 1.0);
  gl_Position = vec4((uProjectionMatrix * p).xy, 0.0, 1.0);
  vOffsetPx = aCorner * extPx;
  vWorld = world;
  vRadiusPx = rPx;
  vEdgePx = edgePx;
  float h = hueDeg * 0.017453292519943;
  float c = chroma * uChromaScale;
  vColor = vec4(oklabToLinear(vec3(uLightness, c * cos(h), c * sin(h))), alpha); // linear
}
`;

const FRAGMENT = /* glsl */ `#version 300 es
precision highp float;
precision highp int;
${INK_GLSL}
in vec2 vOffsetPx;
in vec2 vWorld;
in float vRadiusPx;
in float vEdgePx;
in vec4 vColor;
uniform sampler2D uLookMap;
uniform vec2 uLookSize;
uniform int uPhoto;
uniform int uDensity;
uniform vec3 uStubble;
uniform float uEpidermis;
uniform float uInkScale;
out vec4 finalColor;

void main() {
  float a = vColor.a * inkCover(length(vOffsetPx), vRadiusPx, vEdgePx);
  if (uPhoto == 1) {
    // the look raster: R where ink may go, G the photo's hair (kept in the density effect)
    vec4 look = texture(uLookMap, vWorld / uLookSize);
    a *= look.r;
    if (uDensity == 1) a *= 1.0 - look.g;
    if (a <= 0.0) discard;
    // the ink's linear transmission: the pigment seen through a scattering epidermis, or the stubble's own tone;
    // the dot's optical density, added up in the ink texture (the composite multiplies exp(-sum) into the photo)
    vec3 t = uStubble.x >= 0.0 ? uStubble : uEpidermis + (1.0 - uEpidermis) * vColor.rgb;
    finalColor = vec4(inkDensity(a * (1.0 - t)) * uInkScale, 0.0);
    return;
  }
  if (a <= 0.0) discard;
  finalColor = vec4(linearToSrgb(vColor.rgb) * a, a); // premultiplied, for Pixi's normal blend
}
`;

/** The photo look's composite: the photo through the ink texture, in linear light (the overhead light's sprite adds over it). */
const COMPOSITE_VERTEX = /* glsl */ `#version 300 es
in vec2 aPosition;
in vec2 aUV;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform vec2 uInkFrame;
out vec2 vUv;
out vec2 vWorld;
out vec2 vInkUv;
void main() {
  vec3 p = uWorldTransformMatrix * uTransformMatrix * vec3(aPosition, 1.0);
  gl_Position = vec4((uProjectionMatrix * p).xy, 0.0, 1.0);
  vUv = aUV;
  vWorld = aPosition;
  vInkUv = p.xy / uInkFrame; // the ink texture covers the output frame, canvas px
}
`;

const COMPOSITE_FRAGMENT = /* glsl */ `#version 300 es
precision highp float;
${INK_GLSL}
in vec2 vUv;
in vec2 vWorld;
in vec2 vInkUv;
uniform sampler2D uPhotoTex;
uniform sampler2D uInkTex;
uniform sampler2D uAfterTex;
uniform int uInkOn;
uniform float uInkScale;
uniform int uAfterOn;
uniform vec4 uAfterRect; // the after base's box, in the photo's uv
out vec4 finalColor;
void main() {
  vec4 photo = texture(uPhotoTex, vUv);
  if (uAfterOn == 1) {
    vec2 q = (vUv - uAfterRect.xy) / uAfterRect.zw;
    if (q.x >= 0.0 && q.y >= 0.0 && q.x < 1.0 && q.y < 1.0) photo = texture(uAfterTex, q);
  }
  vec3 density = uInkOn == 1 ? texture(uInkTex, vInkUv).rgb / uInkScale : vec3(0.0);
  if (max(max(density.r, density.g), density.b) <= 0.0) {
    finalColor = photo; // untouched pixels stay bit-exact
    return;
  }
  vec3 c = photo.a > 0.0 ? photo.rgb / photo.a : vec3(0.0);
  c = linearToSrgb(srgbToLinear(c) * exp(-density));
  finalColor = vec4(c * photo.a, photo.a);
}
`;

/** Draws a scalp: a background image and the simulated dots over it, through a ScalpView and a camera. */
export class ScalpRenderer {
  /** The Pixi renderer (WebGL). */
  readonly renderer: Renderer;
  private readonly root = new Container();
  private readonly world = new Container();
  private readonly bg = new Sprite(Texture.EMPTY);
  private bgTexture: Texture | null = null;
  /** The after picture's base over part of the photo (the shaved look's head, shave.ts), read by the composite while the dots show. */
  private afterTexture: Texture | null = null;
  private afterRect: [number, number, number, number] = [0, 0, 0, 0];
  private view: ScalpView = identityView();
  private camera: Camera = { zoom: 1, x: 0, y: 0 };
  private readonly uniforms: UniformGroup;
  private readonly shader: Shader;
  private readonly headShader: Shader;
  private readonly inkRoot = new Container();
  private readonly inkWorld = new Container();
  private inkTarget: RenderTexture | null = null;
  private readonly inkFloat: boolean;
  private readonly composite: Mesh<Geometry, Shader>;
  private readonly compositeUniforms: UniformGroup;
  private lookSource: TextureSource;
  private readonly blankLook: TextureSource;
  private readonly light = new Sprite(Texture.EMPTY);
  private lightTexture: Texture | null = null;
  private photoLook: PhotoLook | null = null;
  private effect: PhotoEffect = 'shaved';
  private overhead = 0;
  private projection: Projection | null = null;
  private projected: ProjectedDots = allocProjected(0);
  private projBuffer: Buffer | null = null;
  private projData: Float32Array = new Float32Array(0);
  private flatGeometry: Geometry | null = null;
  private headGeometry: Geometry | null = null;
  private lastDots: Dots | null = null;
  private mesh: Mesh<Geometry, Shader> | null = null;
  private centers: Buffer | null = null;
  private looks: Buffer | null = null;
  private agingBuffer: Buffer | null = null;
  private agingData: ArrayBuffer = new ArrayBuffer(0);
  private readonly agingGroup: UniformGroup;
  private readonly agingValues: AgingUniforms;
  private look8: Uint8Array = new Uint8Array(0);
  private look16: Uint16Array = new Uint16Array(0);
  private count = 0;
  private dotsVisible = true;
  private readonly backgroundColor: ColorSource;
  private readonly mmScratch: [number, number] = [0, 0];

  private constructor(renderer: Renderer, background: ColorSource) {
    this.renderer = renderer;
    this.backgroundColor = background;
    this.root.addChild(this.world);
    this.world.addChild(this.bg);
    this.inkRoot.addChild(this.inkWorld);
    this.bg.visible = false;
    // half floats add up the faint densities of sub-pixel dots; without EXT_color_buffer_float, 8 bits (D / 4)
    const gl = (renderer as Renderer & { gl?: WebGL2RenderingContext }).gl;
    this.inkFloat = !!gl?.getExtension('EXT_color_buffer_float');
    this.uniforms = new UniformGroup({
      uView: { value: viewMatrix(this.view), type: 'mat3x3<f32>' },
      uRadiusMax: { value: RADIUS_MAX_MM, type: 'f32' },
      uPixelRatio: { value: renderer.resolution, type: 'f32' },
      uLightness: { value: DOT_LIGHTNESS, type: 'f32' },
      uChromaScale: { value: DOT_CHROMA_SCALE, type: 'f32' },
      uGpuAging: { value: 0, type: 'i32' },
      uPhoto: { value: 0, type: 'i32' },
      uBlurPx: { value: 0, type: 'f32' },
      uDensity: { value: 0, type: 'i32' },
      uStubble: { value: new Float32Array([-1, -1, -1]), type: 'vec3<f32>' },
      uEpidermis: { value: EPIDERMIS_SCATTER, type: 'f32' },
      uInkScale: { value: 1, type: 'f32' },
      uLookSize: { value: new Float32Array([1, 1]), type: 'vec2<f32>' },
    });
    ({ group: this.agingGroup, values: this.agingValues } = agingUniformGroup());
    // 1 × 1 "drawable, no hair, no light" until a photo look is set
    this.blankLook = lookSource({ width: 1, height: 1, scale: 1, data: Uint8Array.of(255, 0, 0, 255) });
    this.lookSource = this.blankLook;
    const make = (head: boolean): Shader =>
      new Shader({
        glProgram: new GlProgram({ vertex: vertexSource(head), fragment: FRAGMENT, name: head ? 'smp-dots-head' : 'smp-dots' }),
        resources: { dotUniforms: this.uniforms, agingUniforms: this.agingGroup, uLookMap: this.lookSource },
      });
    this.shader = make(false);
    this.headShader = make(true);
    this.compositeUniforms = new UniformGroup({
      uInkFrame: { value: new Float32Array([1, 1]), type: 'vec2<f32>' },
      uInkOn: { value: 0, type: 'i32' },
      uInkScale: { value: this.inkFloat ? 1 : 0.25, type: 'f32' },
      uAfterOn: { value: 0, type: 'i32' },
      uAfterRect: { value: new Float32Array([0, 0, 1, 1]), type: 'vec4<f32>' },
    });
    const quad = new Geometry({
      attributes: {
        aPosition: { buffer: new Float32Array([0, 0, 1, 0, 1, 1, 0, 1]), format: 'float32x2' },
        aUV: { buffer: new Float32Array([0, 0, 1, 0, 1, 1, 0, 1]), format: 'float32x2' },
      },
      indexBuffer: new Uint16Array([0, 1, 2, 0, 2, 3]),
    });
    this.composite = new Mesh({
      geometry: quad,
      shader: new Shader({
        glProgram: new GlProgram({ vertex: COMPOSITE_VERTEX, fragment: COMPOSITE_FRAGMENT, name: 'smp-photo-ink' }),
        resources: { compositeUniforms: this.compositeUniforms, uPhotoTex: Texture.EMPTY.source, uInkTex: Texture.EMPTY.source, uAfterTex: Texture.EMPTY.source },
      }),
    });
    this.composite.visible = false;
    this.world.addChild(this.composite);
    this.world.addChild(this.light);
    this.light.visible = false;
    this.light.blendMode = 'add';
  }

  /** Creates a WebGL renderer (WebGPU is not used: it fails under software rasterisers). */
  static async create(options: ScalpRendererOptions): Promise<ScalpRenderer> {
    const { width, height } = options;
    if (!(width >= 1 && height >= 1)) throw new RangeError(`ScalpRenderer.create: bad size ${width}×${height}`);
    const background = options.background ?? '#202226';
    const init: Partial<AutoDetectOptions> = {
      preference: 'webgl',
      width,
      height,
      resolution: options.resolution ?? 1,
      background,
      antialias: false,
      autoDensity: false,
      preserveDrawingBuffer: true,
    };
    if (options.canvas) init.canvas = options.canvas as HTMLCanvasElement;
    const renderer = await autoDetectRenderer(init);
    return new ScalpRenderer(renderer, background);
  }

  /** The canvas drawn into. */
  get canvas(): HTMLCanvasElement {
    return this.renderer.canvas;
  }

  /** Canvas size in CSS px. */
  get width(): number {
    return this.renderer.width;
  }
  get height(): number {
    return this.renderer.height;
  }

  /** Dots currently uploaded. */
  get dotCount(): number {
    return this.count;
  }

  /** Sets the background image (client photo or sample scalp), drawn at world px 0..w × 0..h; null removes it. Call again after redrawing a canvas. */
  setBackground(source: BackgroundSource | null): void {
    const old = this.bgTexture;
    if (source) {
      // skip Pixi's resource cache: a fresh texture re-uploads a canvas the caller has redrawn
      this.bgTexture = Texture.from(source, true);
      this.bg.texture = this.bgTexture;
    } else {
      this.bgTexture = null;
      this.bg.texture = Texture.EMPTY;
    }
    this.applyComposite();
    old?.destroy(true);
  }

  /**
   * An image drawn over the background at world px (x, y) in the after picture only: the before (dots hidden, as
   * exportPng's pair and the before/after split draw it) keeps the background. The shaved look's buzzed head
   * (shave.ts shaveHead's patch); null removes it. Call again after redrawing a canvas.
   */
  setAfterBase(source: BackgroundSource | null, x = 0, y = 0): void {
    if (!(Number.isFinite(x) && Number.isFinite(y))) throw new RangeError(`setAfterBase: x, y must be finite, got ${x}, ${y}`);
    const old = this.afterTexture;
    this.afterTexture = source ? Texture.from(source, true) : null;
    this.afterRect = this.afterTexture ? [x, y, this.afterTexture.width, this.afterTexture.height] : [0, 0, 0, 0];
    this.applyComposite();
    old?.destroy(true);
  }

  /** Size of the background in world px (0 × 0 without one). */
  backgroundSize(): { width: number; height: number } {
    return this.bgTexture ? { width: this.bgTexture.width, height: this.bgTexture.height } : { width: 0, height: 0 };
  }

  /** Sets how scalp mm map onto background (world) px. */
  setView(view: ScalpView): void {
    if (this.projection) this.setProjection(null);
    this.view = { ...view };
    const u = this.uniforms.uniforms as { uView: Float32Array };
    viewMatrix(this.view, u.uView);
    this.uniforms.update();
  }

  /** The current view (a copy). */
  getView(): ScalpView {
    return { ...this.view };
  }

  /** Pans and zooms the world: canvas px = world px × zoom + (x, y). */
  setCamera(camera: Camera): void {
    if (!(camera.zoom > 0)) throw new RangeError(`setCamera: zoom must be > 0, got ${camera.zoom}`);
    this.camera = { ...camera };
    this.applyCamera();
  }

  /** The current camera (a copy). */
  getCamera(): Camera {
    return { ...this.camera };
  }

  /** Camera that shows the whole background centred in the canvas (identity when there is none). */
  fitToBackground(): Camera {
    const { width: bw, height: bh } = this.backgroundSize();
    if (bw > 0 && bh > 0) {
      const zoom = Math.min(this.width / bw, this.height / bh);
      this.setCamera({ zoom, x: (this.width - bw * zoom) / 2, y: (this.height - bh * zoom) / 2 });
    } else this.setCamera({ zoom: 1, x: 0, y: 0 });
    return this.getCamera();
  }

  /** Canvas px (CSS) → world (background) px, written into `out` when given. */
  canvasToWorld(cx: number, cy: number, out: [number, number] = [0, 0]): [number, number] {
    const { zoom, x, y } = this.camera;
    out[0] = (cx - x) / zoom;
    out[1] = (cy - y) / zoom;
    return out;
  }

  /** Canvas px (CSS) → scalp mm, through the camera and the projection (or the view) (for the hairline editor). */
  canvasToMm(cx: number, cy: number, out: [number, number] = [0, 0]): [number, number] {
    const w = this.canvasToWorld(cx, cy, this.mmScratch);
    if (this.projection) {
      this.projection.pxToMm(w[0], w[1], out);
      return out;
    }
    return pxToMm(this.view, w[0], w[1], out);
  }

  /**
   * Uploads the dots' positions once and sizes the per-dot appearance buffer (all dots start invisible until
   * setAppearance). Reuses the GPU buffers when the count fits.
   */
  setDots(dots: Dots): void {
    const n = dots.count;
    if (dots.xy.length < 2 * n) throw new RangeError(`setDots: xy has ${dots.xy.length} values for ${n} dots`);
    const xy = dots.xy.length === 2 * n ? dots.xy : dots.xy.subarray(0, 2 * n);
    if (!this.mesh || !this.centers || !this.looks || !this.agingBuffer || this.look8.length < 8 * n) {
      this.destroyMesh();
      this.look8 = new Uint8Array(8 * Math.max(1, n));
      this.look16 = new Uint16Array(this.look8.buffer);
      this.agingData = new ArrayBuffer(AGING_STRIDE * Math.max(1, n));
      fillAgingAttributes(this.agingData, dots);
      this.centers = new Buffer({ data: new Float32Array(xy), usage: BufferUsage.VERTEX | BufferUsage.COPY_DST, label: 'dot-centres' });
      this.looks = new Buffer({ data: this.look8, usage: BufferUsage.VERTEX | BufferUsage.COPY_DST, label: 'dot-looks' });
      this.agingBuffer = new Buffer({ data: new Uint8Array(this.agingData), usage: BufferUsage.VERTEX | BufferUsage.COPY_DST, label: 'dot-aging' });
      this.flatGeometry = this.makeGeometry(n, false);
      this.headGeometry = null;
      this.projBuffer = null;
      this.mesh = new Mesh({ geometry: this.flatGeometry, shader: this.shader });
      this.mesh.visible = this.dotsVisible;
      this.placeMesh();
    } else {
      const c = this.centers.data as Float32Array;
      if (c.length < 2 * n) this.centers.data = new Float32Array(xy);
      else c.set(xy);
      this.centers.update(8 * n);
      this.look8.fill(0, 0, 8 * n);
      this.looks.update(8 * n);
      fillAgingAttributes(this.agingData, dots);
      this.agingBuffer.update(AGING_STRIDE * n);
      this.flatGeometry!.instanceCount = n;
      if (this.headGeometry) this.headGeometry.instanceCount = n;
    }
    this.count = n;
    this.lastDots = dots;
    if (this.projection?.kind === 'head') this.uploadProjection();
  }

  /**
   * Sets how scalp mm land on the photo: a head projection (src/head: each dot projected on the CPU, its px and
   * Jacobian uploaded; far-side and off-head dots culled), a flat one (its view, as setView), or null (back to
   * the current view). Call again after setDots is not needed: setDots reprojects.
   */
  setProjection(projection: Projection | null): void {
    if (projection && projection.kind === 'flat') {
      const view = (projection as Projection & { view?: ScalpView }).view;
      if (!view) throw new RangeError('setProjection: a flat projection must carry its view (use flatProjection)');
      this.projection = null;
      this.setView(view);
      this.useHead(false);
      return;
    }
    this.projection = projection;
    if (projection) this.uploadProjection();
    else this.useHead(false);
  }

  /** The current projection (null: the flat view). */
  getProjection(): Projection | null {
    return this.projection;
  }

  /** The last head projection's output for the current dots (px, Jacobians, visibility); empty without one. */
  projectedDots(): ProjectedDots {
    return this.projected;
  }

  /**
   * Matches the dots to the photo (see the header): a look raster, the photo's blur and the stubble's tone;
   * null goes back to plain dots over the background (normal blending, no cuts).
   */
  setPhotoLook(look: PhotoLook | null): void {
    if (look) {
      const { map } = look;
      if (!(map.width >= 1 && map.height >= 1 && map.scale > 0 && map.data.length >= 4 * map.width * map.height))
        throw new RangeError(`setPhotoLook: map must be width × height RGBA cells with scale > 0, got ${map.width} × ${map.height}, scale ${map.scale}, ${map.data.length} bytes`);
      if (!(look.blurPx >= 0 && Number.isFinite(look.blurPx))) throw new RangeError(`setPhotoLook: blurPx must be ≥ 0, got ${look.blurPx}`);
      if (look.stubble && !look.stubble.every((v) => v >= 0 && v <= 1)) throw new RangeError(`setPhotoLook: stubble must be three factors in [0, 1], got ${JSON.stringify(look.stubble)}`);
    }
    this.photoLook = look;
    const u = this.uniforms.uniforms as { uPhoto: number; uBlurPx: number; uLookSize: Float32Array };
    u.uPhoto = look ? 1 : 0;
    u.uBlurPx = look?.blurPx ?? 0;
    const old = this.lookSource;
    this.lookSource = look ? lookSource(look.map) : this.blankLook;
    if (look) {
      u.uLookSize[0] = look.map.width * look.map.scale;
      u.uLookSize[1] = look.map.height * look.map.scale;
    }
    for (const sh of [this.shader, this.headShader]) (sh.resources as Record<string, unknown>).uLookMap = this.lookSource;
    if (old !== this.blankLook && old !== this.lookSource) old.destroy();
    this.placeMesh();
    this.applyComposite();
    this.applyEffect();
    this.applyLight();
    this.uniforms.update();
  }

  /** Shaved (every dot, toned to the stubble) or density (dots kept off the photo's hair). Needs a photo look to show. */
  setEffect(effect: PhotoEffect): void {
    if (effect !== 'shaved' && effect !== 'density') throw new RangeError(`setEffect: effect must be 'shaved' or 'density', got ${String(effect)}`);
    this.effect = effect;
    this.applyEffect();
    this.uniforms.update();
  }

  /** The current effect. */
  getEffect(): PhotoEffect {
    return this.effect;
  }

  /** A harsh overhead light on the scalp, 0 (off) to 1 (strong); needs a photo look (its B channel). */
  setOverheadLight(strength: number): void {
    if (!(strength >= 0 && strength <= 1)) throw new RangeError(`setOverheadLight: strength must be in [0, 1], got ${strength}`);
    this.overhead = strength;
    this.applyLight();
  }

  /**
   * The photo at its full resolution with the dots (camera ignored), as PNG bytes; `pair` puts the before (no
   * dots) on the left and the after on the right. Same photo, dots and settings → same bytes.
   */
  async exportPng(options: { pair?: boolean } = {}): Promise<Uint8Array> {
    const { width, height } = this.backgroundSize();
    if (!(width > 0 && height > 0)) throw new RangeError('exportPng: no background to export (setBackground first)');
    const after = this.renderFullSize();
    const canvas = new OffscreenCanvas(options.pair ? 2 * width : width, height);
    const ctx = canvas.getContext('2d')!;
    if (options.pair) {
      const visible = this.dotsVisible;
      this.setDotsVisible(false);
      const before = this.renderFullSize();
      this.setDotsVisible(visible);
      ctx.putImageData(before, 0, 0);
      ctx.putImageData(after, width, 0);
    } else ctx.putImageData(after, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new Uint8Array(await blob.arrayBuffer());
  }

  /** The background and dots at the background's own size (world px = output px), as ImageData. */
  renderFullSize(): ImageData {
    const { width, height } = this.backgroundSize();
    const camera = this.camera;
    const u = this.uniforms.uniforms as { uPixelRatio: number };
    const ratio = u.uPixelRatio;
    for (const c of [this.world, this.inkWorld]) {
      c.scale.set(1);
      c.position.set(0, 0);
    }
    u.uPixelRatio = 1;
    this.uniforms.update();
    try {
      this.drawInk(width, height, 1);
      const { pixels } = this.renderer.extract.pixels({
        target: this.root,
        frame: new Rectangle(0, 0, width, height),
        clearColor: this.backgroundColor,
        resolution: 1,
      });
      return new ImageData(new Uint8ClampedArray(pixels), width, height);
    } finally {
      u.uPixelRatio = ratio;
      this.uniforms.update();
      this.camera = camera;
      this.applyCamera();
    }
  }

  /**
   * Looks every dot up on the GPU: the aging model's GLSL port (aging-glsl.ts) evaluates each dot from the
   * fields setDots uploaded and `agingTables(plan, day, params)` — the same values appearanceAt gives, to float32
   * rounding, with no per-dot upload. Until the next setAppearance.
   */
  setAging(tables: AgingTables, params: AgingParams): void {
    // arrays are filled in place (the group holds the same typed arrays); scalars are copied over
    const v = agingUniforms(tables, params, this.agingValues);
    const u = this.agingGroup.uniforms as Record<string, unknown>;
    for (const name of AGING_SCALARS) u[name] = v[name];
    this.agingGroup.update();
    this.setGpuAging(1);
  }

  /** Writes every dot's opacity, radius (mm), hue (°), chroma and softness into the dynamic buffer in place (and leaves GPU aging). */
  setAppearance(app: Appearance): void {
    const n = this.count;
    this.setGpuAging(0);
    if (!this.looks) return;
    if (app.opacity.length < n) throw new RangeError(`setAppearance: ${app.opacity.length} values for ${n} dots`);
    const { opacity, radius, hue, chroma, softness } = app;
    const b = this.look8;
    const w = this.look16;
    const rScale = 65535 / RADIUS_MAX_MM;
    for (let i = 0; i < n; i++) {
      const o = i << 3;
      // unorm8: Uint8Array stores clamp-free, so clamp and round here
      const op = opacity[i]!;
      b[o] = op <= 0 ? 0 : op >= 1 ? 255 : (op * 255 + 0.5) | 0;
      const ch = chroma[i]!;
      b[o + 1] = ch <= 0 ? 0 : ch >= 1 ? 255 : (ch * 255 + 0.5) | 0;
      const so = softness[i]!;
      b[o + 2] = so <= 0 ? 0 : so >= 1 ? 255 : (so * 255 + 0.5) | 0;
      const hu = hue[i]! / 360;
      b[o + 3] = ((hu - Math.floor(hu)) * 256 + 0.5) & 255;
      const r = radius[i]! * rScale;
      w[(i << 2) + 2] = r <= 0 ? 0 : r >= 65535 ? 65535 : (r + 0.5) | 0;
    }
    this.looks.update(8 * n);
  }

  /** Shows or hides the dots (before / after). */
  setDotsVisible(on: boolean): void {
    this.dotsVisible = on;
    if (this.mesh) this.mesh.visible = on;
    this.applyComposite();
  }

  /** Resizes the canvas (CSS px); the camera is kept (call fitToBackground to refit). */
  resize(width: number, height: number): void {
    if (!(width >= 1 && height >= 1)) throw new RangeError(`resize: bad size ${width}×${height}`);
    this.renderer.resize(width, height);
    (this.uniforms.uniforms as { uPixelRatio: number }).uPixelRatio = this.renderer.resolution;
    this.uniforms.update();
    this.applyCamera();
  }

  /** Draws one frame into the canvas. */
  render(): void {
    this.drawInk(this.width, this.height, this.renderer.resolution);
    this.renderer.render(this.root);
  }

  /** Renders the frame off-screen and reads it back as RGBA (device px, top row first). */
  snapshot(): ImageData {
    const frame = new Rectangle(0, 0, this.width, this.height);
    this.drawInk(this.width, this.height, this.renderer.resolution);
    const { pixels, width, height } = this.renderer.extract.pixels({
      target: this.root,
      frame,
      clearColor: this.backgroundColor,
      resolution: this.renderer.resolution,
    });
    return new ImageData(new Uint8ClampedArray(pixels), width, height);
  }

  /** Frees the GPU resources, the background texture and the renderer (the canvas is kept). */
  destroy(): void {
    this.destroyMesh();
    this.bgTexture?.destroy(true);
    this.bgTexture = null;
    this.afterTexture?.destroy(true);
    this.afterTexture = null;
    this.shader.destroy();
    this.headShader.destroy();
    this.composite.shader?.destroy();
    this.composite.geometry.destroy(true);
    this.root.destroy({ children: true });
    this.inkRoot.destroy({ children: true });
    this.inkTarget?.destroy(true);
    this.inkTarget = null;
    this.lightTexture?.destroy(true);
    this.lightTexture = null;
    if (this.lookSource !== this.blankLook) this.lookSource.destroy();
    this.blankLook.destroy();
    this.renderer.destroy({ removeView: false });
  }

  private setGpuAging(on: 0 | 1): void {
    const u = this.uniforms.uniforms as { uGpuAging: number };
    if (u.uGpuAging === on) return;
    u.uGpuAging = on;
    this.uniforms.update();
  }

  private applyCamera(): void {
    const { zoom, x, y } = this.camera;
    for (const c of [this.world, this.inkWorld]) {
      c.scale.set(zoom);
      c.position.set(x, y);
    }
  }

  private destroyMesh(): void {
    if (this.mesh) {
      this.mesh.removeFromParent();
      this.mesh.destroy({ children: false });
    }
    this.headGeometry?.destroy(false);
    this.flatGeometry?.destroy(true);
    this.projBuffer?.destroy();
    this.mesh = null;
    this.flatGeometry = null;
    this.headGeometry = null;
    this.projBuffer = null;
    this.centers = null;
    this.looks = null;
    this.agingBuffer = null;
    this.count = 0;
  }

  /** The instanced quad geometry over the current buffers; with `head`, also the projection buffer (aPx, aJac). */
  private makeGeometry(n: number, head: boolean): Geometry {
    const ag = this.agingBuffer!;
    const attributes: ConstructorParameters<typeof Geometry>[0] extends infer O ? (O extends { attributes?: infer A } ? NonNullable<A> : never) : never = {
      aCorner: { buffer: new Float32Array([-1, -1, 1, -1, 1, 1, -1, 1]), format: 'float32x2' },
      aCenter: { buffer: this.centers!, format: 'float32x2', stride: 8, offset: 0, instance: true },
      aLook: { buffer: this.looks!, format: 'unorm8x4', stride: 8, offset: 0, instance: true },
      aRadius: { buffer: this.looks!, format: 'unorm16x2', stride: 8, offset: 4, instance: true },
      aSeed: { buffer: ag, format: 'uint32', stride: AGING_STRIDE, offset: 0, instance: true },
      aShade: { buffer: ag, format: 'float32', stride: AGING_STRIDE, offset: 4, instance: true },
      aRadius0: { buffer: ag, format: 'float32', stride: AGING_STRIDE, offset: 8, instance: true },
      aHue0: { buffer: ag, format: 'float32', stride: AGING_STRIDE, offset: 12, instance: true },
      aLayerFlags: { buffer: ag, format: 'uint8x4', stride: AGING_STRIDE, offset: 16, instance: true },
    };
    if (head) {
      attributes.aPx = { buffer: this.projBuffer!, format: 'float32x2', stride: PROJECTED_BYTES_PER_DOT, offset: 0, instance: true };
      attributes.aJac = { buffer: this.projBuffer!, format: 'float32x4', stride: PROJECTED_BYTES_PER_DOT, offset: 8, instance: true };
    }
    return new Geometry({ attributes, indexBuffer: new Uint16Array([0, 1, 2, 0, 2, 3]), instanceCount: n });
  }

  /** Projects every dot through the head projection and uploads px + Jacobian (culled dots far off-screen). */
  private uploadProjection(): void {
    const proj = this.projection;
    const dots = this.lastDots;
    if (!proj || !this.mesh || !dots) {
      this.useHead(proj !== null && this.mesh !== null);
      return;
    }
    const n = this.count;
    const xy = dots.xy.length === 2 * n ? dots.xy : dots.xy.subarray(0, 2 * n);
    this.projected = proj.project(xy, n, this.projected.visible.length >= n ? this.projected : undefined);
    const { px, jac, visible } = this.projected;
    const need = 6 * Math.max(1, n);
    const grow = this.projData.length < need;
    if (grow) this.projData = new Float32Array(need);
    const d = this.projData;
    for (let i = 0; i < n; i++) {
      const o = 6 * i;
      if (visible[i]) {
        d[o] = px[2 * i]!;
        d[o + 1] = px[2 * i + 1]!;
      } else {
        d[o] = -1e9;
        d[o + 1] = -1e9;
      }
      d[o + 2] = jac[4 * i]!;
      d[o + 3] = jac[4 * i + 1]!;
      d[o + 4] = jac[4 * i + 2]!;
      d[o + 5] = jac[4 * i + 3]!;
    }
    if (!this.projBuffer || grow) {
      this.headGeometry?.destroy(false);
      this.projBuffer?.destroy();
      this.projBuffer = new Buffer({ data: d, usage: BufferUsage.VERTEX | BufferUsage.COPY_DST, label: 'dot-projection' });
      this.headGeometry = this.makeGeometry(n, true);
    } else {
      this.projBuffer.update(4 * 6 * n);
      this.headGeometry!.instanceCount = n;
    }
    this.useHead(true);
  }

  /** Switches the mesh between the flat (view) and the head (projected) geometry and shader. */
  private useHead(on: boolean): void {
    if (!this.mesh) return;
    if (on && this.headGeometry) {
      this.mesh.geometry = this.headGeometry;
      this.mesh.shader = this.headShader;
    } else if (this.flatGeometry) {
      this.mesh.geometry = this.flatGeometry;
      this.mesh.shader = this.shader;
    }
  }

  private applyEffect(): void {
    const u = this.uniforms.uniforms as { uDensity: number; uStubble: Float32Array };
    const look = this.photoLook;
    u.uDensity = look && this.effect === 'density' ? 1 : 0;
    const st = look && this.effect === 'shaved' ? look.stubble ?? null : null;
    u.uStubble[0] = st ? st[0] : -1;
    u.uStubble[1] = st ? st[1] : -1;
    u.uStubble[2] = st ? st[2] : -1;
  }

  /** The overhead light: the look raster's B channel × strength, added over the photo (a linearly filtered sprite). */
  private applyLight(): void {
    const look = this.photoLook;
    const on = look !== null && this.overhead > 0;
    this.lightTexture?.destroy(true);
    this.lightTexture = null;
    this.light.visible = on;
    if (!on) {
      this.light.texture = Texture.EMPTY;
      return;
    }
    const { map } = look;
    const rgba = new Uint8Array(4 * map.width * map.height);
    // a warm-white lamp, premultiplied (the sprite adds it)
    for (let k = 0; k < map.width * map.height; k++) {
      const v = map.data[4 * k + 2]! * this.overhead;
      rgba[4 * k] = Math.round(v);
      rgba[4 * k + 1] = Math.round(v * 0.97);
      rgba[4 * k + 2] = Math.round(v * 0.92);
      rgba[4 * k + 3] = 255;
    }
    this.lightTexture = new Texture({ source: lookSource({ ...map, data: rgba }, 'linear') });
    this.light.texture = this.lightTexture;
    this.light.width = map.width * map.scale;
    this.light.height = map.height * map.scale;
  }

  /** The dots' place: drawn into the ink texture (added densities) with a photo look, else over the background (normal blend). */
  private placeMesh(): void {
    const mesh = this.mesh;
    if (!mesh) return;
    const photo = this.photoLook !== null;
    (photo ? this.inkWorld : this.world).addChild(mesh);
    mesh.blendMode = photo ? 'add' : 'normal';
  }

  /** Which draws the background: the composite (photo look: through the ink, in linear light) or the plain sprite. */
  private applyComposite(): void {
    const has = this.bgTexture !== null;
    // the composite draws the background with a photo look (the ink) or an after base (the shaved head)
    const photo = this.photoLook !== null || this.afterTexture !== null;
    this.bg.visible = has && !photo;
    this.composite.visible = has && photo;
    if (has) {
      this.composite.scale.set(this.bgTexture!.width, this.bgTexture!.height);
      (this.composite.shader!.resources as Record<string, unknown>).uPhotoTex = this.bgTexture!.source;
    } else (this.composite.shader!.resources as Record<string, unknown>).uPhotoTex = Texture.EMPTY.source;
    // the after base (shaved look) replaces the photo under the ink while the dots show; the before keeps the photo
    const cu = this.compositeUniforms.uniforms as { uAfterOn: number; uAfterRect: Float32Array };
    const after = has && this.afterTexture !== null && this.dotsVisible;
    (this.composite.shader!.resources as Record<string, unknown>).uAfterTex = after ? this.afterTexture!.source : Texture.EMPTY.source;
    if (after) {
      const [x, y, w, h] = this.afterRect;
      const W = this.bgTexture!.width;
      const H = this.bgTexture!.height;
      cu.uAfterRect.set([x / W, y / H, w / W, h / H]);
    }
    cu.uAfterOn = after ? 1 : 0;
    this.compositeUniforms.update();
  }

  /**
   * The ink pass of the photo look: every dot's optical density added into a half-float texture covering the
   * output frame (fw × fh canvas px at `resolution` device px each); the composite reads it. Off (no ink) when the
   * dots are hidden or there is no photo look.
   */
  private drawInk(fw: number, fh: number, resolution: number): void {
    const cu = this.compositeUniforms.uniforms as { uInkOn: number; uInkFrame: Float32Array };
    const on = this.photoLook !== null && this.mesh !== null && this.dotsVisible && this.count > 0;
    if (on) {
      const t = this.inkTarget;
      if (!t || t.width !== fw || t.height !== fh || t.source.resolution !== resolution) {
        t?.destroy(true);
        this.inkTarget = RenderTexture.create({
          width: fw,
          height: fh,
          resolution,
          format: this.inkFloat ? 'rgba16float' : 'rgba8unorm',
          scaleMode: 'nearest',
          autoGenerateMipmaps: false,
          antialias: false,
        });
      }
      this.renderer.render({ container: this.inkRoot, target: this.inkTarget!, clear: true, clearColor: [0, 0, 0, 0] });
      (this.composite.shader!.resources as Record<string, unknown>).uInkTex = this.inkTarget!.source;
      cu.uInkFrame[0] = fw;
      cu.uInkFrame[1] = fh;
    }
    if (cu.uInkOn !== (on ? 1 : 0) || on) {
      cu.uInkOn = on ? 1 : 0;
      this.compositeUniforms.update();
    }
  }
}

/** A raw RGBA texture of a look raster (nearest: hair cells stay exact). */
function lookSource(map: LookMap, scaleMode: 'nearest' | 'linear' = 'nearest'): TextureSource {
  return new BufferImageSource({
    resource: map.data.subarray(0, 4 * map.width * map.height),
    width: map.width,
    height: map.height,
    format: 'rgba8unorm',
    alphaMode: 'no-premultiply-alpha',
    scaleMode,
    autoGenerateMipmaps: false,
  });
}

/** The aging uniforms that are plain numbers (the rest are typed arrays shared with the uniform group). */
const AGING_SCALARS = (Object.keys(AGING_UNIFORM_TYPES) as (keyof AgingUniforms)[]).filter((name) =>
  /^(float|int|uint)$/.test(AGING_UNIFORM_TYPES[name]),
);

/** Pixi uniform types for the GLSL types aging-glsl.ts declares. */
const PIXI_TYPE: Record<string, string> = { float: 'f32', int: 'i32', uint: 'u32', vec2: 'vec2<f32>', uvec2: 'vec2<u32>', vec4: 'vec4<f32>', ivec4: 'vec4<i32>' };

/** A UniformGroup holding every aging uniform; its array values are agingUniforms' own arrays (filled in place). */
function agingUniformGroup(): { group: UniformGroup; values: AgingUniforms } {
  const values = allocAgingUniforms();
  const structures: Record<string, { value: unknown; type: string; size?: number }> = {};
  for (const [name, glsl] of Object.entries(AGING_UNIFORM_TYPES)) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(glsl)!;
    const type = PIXI_TYPE[m[1]!];
    if (!type) throw new Error(`aging uniform ${name}: no Pixi type for ${glsl}`);
    structures[name] = m[2] ? { value: values[name as keyof AgingUniforms], type, size: Number(m[2]) } : { value: values[name as keyof AgingUniforms], type };
  }
  return { group: new UniformGroup(structures as ConstructorParameters<typeof UniformGroup>[0]), values };
}

/** Writes the static per-dot fields the aging shader reads into `data` (AGING_STRIDE bytes per dot). */
function fillAgingAttributes(data: ArrayBuffer, dots: Dots): void {
  const n = dots.count;
  const u32 = new Uint32Array(data);
  const f32 = new Float32Array(data);
  const u8 = new Uint8Array(data);
  const { seed, shade, radius, hue, layer, flags, region } = dots;
  for (let i = 0; i < n; i++) {
    const w = i * 5;
    u32[w] = seed[i]!;
    f32[w + 1] = shade[i]!;
    f32[w + 2] = radius[i]!;
    f32[w + 3] = hue[i]!;
    u8[4 * w + 16] = layer[i]!;
    u8[4 * w + 17] = flags[i]!;
    u8[4 * w + 18] = region[i]!;
  }
}
