// The stage: the renderer, its camera (the one copy of it), the background, pan/zoom/pinch gestures, the
// before/after split, and the hand-off of other pointer gestures to the active tool. mm ↔ canvas goes through
// the stage's projection (src/head/projection.ts: the flat view of src/view.ts, or the fitted head).
import { ScalpRenderer, type ScalpView } from '../../src/render/index.js';
import { adjustHead, flatProjection, headProjection, type HeadProjection, type Projection } from '../../src/head/index.js';
import type { Studio } from './state.js';

/** What is drawn under the dots: the sample scalp (with its own fixed view) or a client photo. */
export interface Background {
  kind: 'sample' | 'photo';
  source: CanvasImageSource & (HTMLCanvasElement | OffscreenCanvas | ImageBitmap);
  width: number;
  height: number;
  /** The sample's own mm → px view; for a photo the studio document's alignment is used instead. */
  view: ScalpView;
  name: string;
}

/** A tool's answer to a pointer going down on the stage: handlers for the rest of the gesture, or null to pass. */
export interface Gesture {
  move(cx: number, cy: number, e: PointerEvent): void;
  end(e: PointerEvent): void;
}
export type ToolHandler = (cx: number, cy: number, e: PointerEvent) => Gesture | null;

export interface StageElements {
  wrap: HTMLDivElement;
  canvas: HTMLCanvasElement;
  before: HTMLCanvasElement;
  split: HTMLDivElement;
  zoomLabel: HTMLElement;
}

/** The stage: owns the renderer and the camera; `afterDraw` hooks (the overlay) run after each frame. */
export class Stage {
  background: Background | null = null;
  /** While true the plan's dots are not drawn, the photo alone (face-status.ts: while the face is being found). */
  planHidden = false;
  private frame = 0;
  private readonly afterDraw: (() => void)[] = [];
  private readonly backgroundHooks: ((bg: Background) => void)[] = [];
  private readonly tools: ToolHandler[] = [];
  private readonly touches = new Map<number, [number, number]>();
  private pinch: { dist: number; mid: [number, number] } | null = null;
  private gesture: Gesture | null = null;
  /** The pointer whose gesture runs (other pointers' moves are not its). */
  private owner: number | null = null;
  /** A pen on the screen: touches meanwhile are a resting palm, and ignored. */
  private pen: number | null = null;

  private constructor(
    readonly renderer: ScalpRenderer,
    readonly els: StageElements,
    private readonly studio: Studio,
  ) {
    this.listen();
  }

  static async create(els: StageElements, studio: Studio): Promise<Stage> {
    const renderer = await ScalpRenderer.create({
      canvas: els.canvas,
      width: Math.max(1, els.wrap.clientWidth),
      height: Math.max(1, els.wrap.clientHeight),
      resolution: Math.min(2, window.devicePixelRatio || 1),
    });
    return new Stage(renderer, els, studio);
  }

  private headCache: { key: string; proj: HeadProjection } | null = null;

  /**
   * How scalp mm land on the background: through the fitted head on a photo that has one (src/head), else the
   * flat view (the document's alignment on a photo, the sample's own view). The one place mm become px.
   */
  get projection(): Projection {
    const head = this.background?.kind === 'photo' ? this.studio.doc.head : null;
    if (!head) return flatProjection(this.view);
    const key = JSON.stringify(head);
    if (this.headCache?.key !== key) this.headCache = { key, proj: headProjection(head, this.headCache?.proj.grid) };
    return this.headCache.proj;
  }

  /** The flat mm → background px view: the document's alignment on a photo, the sample's own view otherwise. */
  get view(): ScalpView {
    if (this.background?.kind === 'photo' && this.studio.doc.align) return this.studio.doc.align;
    return this.background?.view ?? { pxPerMm: 1, originX: 0, originY: 0, rotation: 0 };
  }

  setBackground(bg: Background): void {
    this.background = bg;
    this.renderer.setBackground(bg.source);
    for (const fn of this.backgroundHooks) fn(bg);
    this.applyView();
    this.fit();
  }

  /** Uploads the background again after its canvas was redrawn (same size and view: the camera stays). */
  refreshBackground(): void {
    const bg = this.background;
    if (!bg) return;
    this.renderer.setBackground(bg.source);
    for (const fn of this.backgroundHooks) fn(bg);
    this.redraw();
  }

  /** Pushes the current projection to the renderer (after an alignment or head change, or undo). */
  applyView(): void {
    const p = this.projection;
    if (p.kind === 'head') this.renderer.setProjection(p);
    else this.renderer.setView(this.view);
    this.redraw();
  }

  /** Shows the whole background. */
  fit(): void {
    this.renderer.fitToBackground();
    this.showZoom();
    this.redraw();
  }

  /** Registers a tool; tools are asked in order on pointer down (first non-null gesture wins). */
  addTool(handler: ToolHandler): void {
    this.tools.push(handler);
  }

  /** Runs whenever the background changes (a second renderer follows it). */
  onBackground(fn: (bg: Background) => void): void {
    this.backgroundHooks.push(fn);
  }

  /** Runs after every frame (the overlay draws there). */
  onDraw(fn: () => void): void {
    this.afterDraw.push(fn);
  }

  /** Scalp mm → canvas CSS px. */
  mmToCanvas(x: number, y: number): [number, number] {
    const out: [number, number] = [0, 0];
    this.projection.mmToPx(x, y, out);
    const c = this.renderer.getCamera();
    return [out[0] * c.zoom + c.x, out[1] * c.zoom + c.y];
  }

  /** Background px → canvas CSS px. */
  worldToCanvas(px: number, py: number): [number, number] {
    const c = this.renderer.getCamera();
    return [px * c.zoom + c.x, py * c.zoom + c.y];
  }

  /** Canvas CSS px → scalp mm. */
  canvasToMm(cx: number, cy: number): [number, number] {
    return this.renderer.canvasToMm(cx, cy, [0, 0]);
  }

  /** Canvas px per scalp mm at the current zoom (for hit tolerances). */
  pxPerMmOnScreen(): number {
    const j = [0, 0, 0, 0];
    const p = this.projection;
    const scale = p.kind === 'head' && p.jacobian(0, -40, j) ? Math.sqrt(Math.abs(j[0]! * j[3]! - j[1]! * j[2]!)) : this.view.pxPerMm;
    return scale * this.renderer.getCamera().zoom;
  }

  /** Draws on the next animation frame (many calls, one frame). */
  redraw(): void {
    this.sceneChanged = true;
    this.schedule();
  }

  /**
   * Redraws only what the `onDraw` hooks draw (the SVG overlay) on the next frame, unless something asked for a
   * full redraw: a plan edit moves the overlay at once, while the WebGL frame waits for the new dots (presenting an
   * unchanged frame cost 77–254 ms under software GL, and the dots, ready meanwhile, waited behind it).
   */
  redrawOverlay(): void {
    this.schedule();
  }

  private sceneChanged = false;
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const t0 = performance.now();
      if (this.sceneChanged) {
        this.sceneChanged = false;
        this.renderer.setDotsVisible(!this.planHidden);
        this.renderer.render();
        if (this.studio.ui.beforeAfter) this.drawBefore();
      }
      for (const fn of this.afterDraw) fn();
      performance.measure('smp:frame', { start: t0, end: performance.now() });
    });
  }

  /** Shows or hides the before/after split (the state lives in studio.ui). */
  syncBeforeAfter(): void {
    const on = this.studio.ui.beforeAfter;
    this.els.before.hidden = !on;
    this.els.split.hidden = !on && this.studio.ui.compare === null;
    this.els.split.style.left = `${this.studio.ui.split * 100}%`;
    this.redraw();
  }

  /** Scales by f about canvas point (cx, cy), then moves by (dx, dy) canvas px. */
  zoomAbout(cx: number, cy: number, f: number, dx = 0, dy = 0): void {
    const c = this.renderer.getCamera();
    this.renderer.setCamera({ zoom: c.zoom * f, x: cx + (c.x - cx) * f + dx, y: cy + (c.y - cy) * f + dy });
    this.showZoom();
    this.redraw();
  }

  /** Scales the plan on the photo by f about canvas point (cx, cy) (align mode): one undo step per `group`. */
  scalePlanAbout(cx: number, cy: number, f: number, group: string): void {
    const a = this.studio.doc.align;
    if (!a) return;
    const c = this.renderer.getCamera();
    const wx = (cx - c.x) / c.zoom;
    const wy = (cy - c.y) / c.zoom;
    this.studio.edit((d) => (d.align = { ...a, pxPerMm: a.pxPerMm * f, originX: wx + (a.originX - wx) * f, originY: wy + (a.originY - wy) * f }), group);
  }

  private showZoom(): void {
    this.els.zoomLabel.textContent = `${Math.round(this.renderer.getCamera().zoom * 100)} %`;
  }

  /** The "before" half: the same frame without the dots, clipped to the left of the split. */
  private drawBefore(): void {
    const { canvas, before, split } = this.els;
    this.renderer.setDotsVisible(false);
    this.renderer.render();
    before.width = canvas.width;
    before.height = canvas.height;
    before.getContext('2d')!.drawImage(canvas, 0, 0);
    this.renderer.setDotsVisible(!this.planHidden);
    this.renderer.render();
    const s = this.studio.ui.split;
    before.style.clipPath = `inset(0 ${(1 - s) * 100}% 0 0)`;
    split.style.left = `${s * 100}%`;
  }

  private point(e: { clientX: number; clientY: number }): [number, number] {
    const r = this.els.wrap.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  private pinchState(): { dist: number; mid: [number, number] } {
    const [a, b] = [...this.touches.values()] as [[number, number], [number, number]];
    return { dist: Math.hypot(a[0] - b[0], a[1] - b[1]), mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
  }

  private listen(): void {
    const { wrap, split } = this.els;
    wrap.addEventListener('pointerdown', (e) => {
      // palm rejection: a pen takes over from any touch, and touches while it is down are ignored (pressure is never read)
      if (e.pointerType === 'pen') {
        this.pen = e.pointerId;
        this.touches.clear();
        this.pinch = null;
        if (this.gesture) {
          this.gesture.end(e);
          this.gesture = null;
          this.studio.seal();
        }
      } else if (e.pointerType === 'touch' && this.pen !== null) return;
      if (e.pointerType === 'touch') {
        this.touches.set(e.pointerId, this.point(e));
        if (this.touches.size === 2) {
          // a second finger turns whatever the first began into a pinch (an edit already applied stays, sealed)
          this.gesture?.end(e);
          this.gesture = null;
          this.pinch = this.pinchState();
          e.preventDefault();
          return;
        }
        if (this.touches.size > 2) return;
      }
      const [cx, cy] = this.point(e);
      this.gesture = e.target === split ? this.splitGesture() : null;
      for (const tool of this.tools) {
        if (this.gesture) break;
        this.gesture = tool(cx, cy, e);
      }
      this.gesture ??= this.panGesture(cx, cy);
      this.owner = e.pointerId;
      wrap.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    wrap.addEventListener('pointermove', (e) => {
      if (this.touches.has(e.pointerId)) this.touches.set(e.pointerId, this.point(e));
      if (this.pinch && this.touches.size === 2) {
        const now = this.pinchState();
        // what was under the fingers' midpoint stays under it: scale about the old midpoint, then follow it
        this.zoomAbout(this.pinch.mid[0], this.pinch.mid[1], now.dist / Math.max(1, this.pinch.dist), now.mid[0] - this.pinch.mid[0], now.mid[1] - this.pinch.mid[1]);
        this.pinch = now;
        return;
      }
      if (!this.gesture || e.pointerId !== this.owner) return;
      const [cx, cy] = this.point(e);
      this.gesture.move(cx, cy, e);
    });
    const end = (e: PointerEvent) => {
      if (e.pointerId === this.pen) this.pen = null;
      this.touches.delete(e.pointerId);
      if (this.pinch) {
        if (this.touches.size < 2) this.pinch = null;
        return;
      }
      if (e.pointerId !== this.owner) return;
      this.owner = null;
      this.gesture?.end(e);
      this.gesture = null;
      this.studio.seal();
    };
    wrap.addEventListener('pointerup', end);
    wrap.addEventListener('pointercancel', end);
    wrap.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const [cx, cy] = this.point(e);
        const f = Math.exp(-e.deltaY * 0.0015);
        // the wheel always zooms the view (to check a fit up close); Shift+wheel resizes the plan while aligning
        if (e.shiftKey && this.studio.ui.alignMode && this.background?.kind === 'photo') this.scalePlanAbout(cx, cy, f, 'align:wheel');
        else this.zoomAbout(cx, cy, f);
      },
      { passive: false },
    );
    // a resize keeps what is in the middle of the stage where it was (a toolbar that wraps must not reset the zoom)
    let size: [number, number] | null = null;
    new ResizeObserver(() => {
      const w = Math.max(1, wrap.clientWidth);
      const h = Math.max(1, wrap.clientHeight);
      this.renderer.resize(w, h);
      if (!size) this.fit();
      else {
        const c = this.renderer.getCamera();
        this.renderer.setCamera({ ...c, x: c.x + (w - size[0]) / 2, y: c.y + (h - size[1]) / 2 });
        this.redraw();
      }
      size = [w, h];
    }).observe(wrap);
  }

  private splitGesture(): Gesture {
    return {
      move: (cx) => {
        this.studio.setUi({ split: Math.min(1, Math.max(0, cx / this.els.wrap.clientWidth)) });
        this.redraw();
      },
      end: () => {},
    };
  }

  /** Dragging on empty stage: pans the camera, or moves the plan on the photo in align mode (one undo step). */
  private panGesture(x0: number, y0: number): Gesture {
    let last: [number, number] = [x0, y0];
    const align = this.studio.ui.alignMode && this.background?.kind === 'photo';
    return {
      move: (cx, cy) => {
        const dx = cx - last[0];
        const dy = cy - last[1];
        last = [cx, cy];
        const c = this.renderer.getCamera();
        if (align) {
          const a = this.studio.doc.align;
          const head = this.studio.doc.head;
          // a fitted head moves as a whole (keeping its depth); otherwise the flat map moves
          if (head) this.studio.edit((d) => (d.head = adjustHead(head, { shiftPx: [dx / c.zoom, dy / c.zoom] })), 'align:drag');
          else if (a) this.studio.edit((d) => (d.align = { ...a, originX: a.originX + dx / c.zoom, originY: a.originY + dy / c.zoom }), 'align:drag');
        } else {
          this.renderer.setCamera({ ...c, x: c.x + dx, y: c.y + dy });
          this.redraw();
        }
      },
      end: () => {},
    };
  }
}
