// The 3D view: the client's head (the photo's fitted head, or the mean head on the sample) drawn from a virtual
// camera the user orbits (drag; wheel zooms; Front/Left/Right/Top/Back), with the same plan's dots at the same
// day, effect and overhead light. No second dot pipeline: a virtual fit (src/head/virtual-camera.ts) goes to a
// ScalpRenderer of its own as a head projection, exactly as a photo's fit does, and the shaded head
// (src/render/head-shade.ts, in the client's skin tone) is its background, with the look raster that tells the
// ink where it may go. Before/after splits the 3D picture as it does the photo. The canvas covers the stage
// while the view is on; the photo's own tools and overlay wait underneath.
import { DEFAULT_AGING, agingTables } from '../../src/index.js';
import { ScalpRenderer } from '../../src/render/index.js';
import { type HeadObservation, headProjection } from '../../src/head/index.js';
import type { SurfaceGrid } from '../../src/head/projection.js';
import { ORBIT_VIEWS, type Orbit, type OrbitView, dragOrbit, virtualFit } from '../../src/head/virtual-camera.js';
import { NEUTRAL_SKIN, shadeHead, skinTone } from '../../src/render/head-shade.js';
import type { Dots } from '../../src/dots.js';
import type { Results } from './engine-link.js';
import type { Background, Stage } from './stage.js';
import type { Studio } from './state.js';

const VIEW_LABELS: Record<OrbitView, string> = { front: 'Front', left: 'Left', right: 'Right', top: 'Top', back: 'Back' };
/** The virtual picture's resolution while a drag turns the head (of the canvas's device px). */
const DRAG_SCALE = 0.5;
/** Blur of the virtual picture's ink, px: a sharp camera. */
const VIRTUAL_BLUR_PX = 0.5;

/** Mounts the 3D toggle and view on the stage; `observation` gives the photo's analysis (for the skin tone). */
export function mountHead3d(stage: Stage, studio: Studio, results: Results, observation: () => HeadObservation | null, say: (t: string, k?: 'info' | 'error') => void) {
  const wrap = stage.els.wrap;
  // ------------------------------------------------------------ the toolbar: 3D and the named views
  const group = document.createElement('span');
  group.className = 'view3d-tools';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', '3D view');
  const toggle = document.createElement('button');
  toggle.id = 'view3d';
  toggle.type = 'button';
  toggle.textContent = '3D';
  toggle.title = 'The plan on a 3D model of the head: drag to turn it, scroll to zoom';
  toggle.setAttribute('aria-pressed', 'false');
  group.append(toggle);
  const viewButtons = (Object.keys(ORBIT_VIEWS) as OrbitView[]).map((name) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.view3d = name;
    b.textContent = VIEW_LABELS[name];
    b.title = `Look at the head from the ${name === 'top' ? 'top' : name === 'back' ? 'back' : name === 'front' ? 'front' : `client's ${name} side`}`;
    b.hidden = true;
    group.append(b);
    return b;
  });
  const fitButton = document.getElementById('fit');
  fitButton?.parentElement?.insertBefore(group, fitButton);

  // ------------------------------------------------------------ the canvases over the stage (under the split handle)
  const canvas = document.createElement('canvas');
  canvas.id = 'head3d';
  canvas.className = 'head3d';
  canvas.setAttribute('aria-label', 'The plan on a 3D model of the head; drag to turn it');
  canvas.hidden = true;
  const before = document.createElement('canvas');
  before.id = 'head3d-before';
  before.className = 'before';
  before.setAttribute('aria-hidden', 'true');
  before.hidden = true;
  wrap.insertBefore(canvas, stage.els.split);
  wrap.insertBefore(before, stage.els.split);

  let on = false;
  /** The pointer turning the head, if any. */
  let drag: { id: number; x: number; y: number } | null = null;
  let orbit: Orbit = { ...ORBIT_VIEWS.front };
  let view: OrbitView | 'orbit' = 'front';
  let zoom = 1;
  let renderer: ScalpRenderer | null = null;
  let creating: Promise<void> | null = null;
  let frame = 0;
  let grid: SurfaceGrid | undefined;
  let shownKey = '';
  let shownDots: Dots | null = null;
  let shownLight = -1;
  let skin: { bg: Background | null; obs: HeadObservation | null; rgb: readonly [number, number, number] } | null = null;

  /** The client's skin tone: the photo's bare scalp (else face) where the analysis classed it, else a neutral one. */
  function skinNow(): readonly [number, number, number] {
    const bg = stage.background?.kind === 'photo' ? stage.background : null;
    const obs = bg ? observation() : null;
    if (skin && skin.bg === bg && skin.obs === obs) return skin.rgb;
    let rgb: readonly [number, number, number] = NEUTRAL_SKIN;
    if (bg && obs?.classes) {
      const c = new OffscreenCanvas(bg.width, bg.height);
      const ctx = c.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(bg.source as CanvasImageSource, 0, 0);
      rgb = skinTone(ctx.getImageData(0, 0, bg.width, bg.height), obs.classes) ?? NEUTRAL_SKIN;
    }
    skin = { bg, obs, rgb };
    return rgb;
  }

  /** Draws the 3D view now (the head reshaded only when the camera, the head or the skin changed). */
  function draw(): void {
    frame = 0;
    if (!on || !renderer) return;
    const t0 = performance.now();
    const r = renderer;
    const res = Math.min(2, window.devicePixelRatio || 1);
    const cw = Math.max(1, wrap.clientWidth);
    const ch = Math.max(1, wrap.clientHeight);
    if (r.width !== cw || r.height !== ch) r.resize(cw, ch);
    // the virtual picture at device px (half of them while a drag turns the head: a quarter of the shading, the
    // dots as sharp); the renderer's camera maps it onto the canvas
    const q = drag ? DRAG_SCALE : 1;
    const W = Math.max(1, Math.round(cw * res * q));
    const H = Math.max(1, Math.round(ch * res * q));
    const head = stage.background?.kind === 'photo' ? studio.doc.head ?? null : null;
    const fit = virtualFit(head, orbit, W, H, { zoom });
    const tone = skinNow();
    const key = JSON.stringify([fit, tone]);
    if (key !== shownKey) {
      const shaded = shadeHead(fit, { skin: tone });
      const bg = new OffscreenCanvas(W, H);
      bg.getContext('2d')!.putImageData(new ImageData(shaded.rgba as Uint8ClampedArray<ArrayBuffer>, W, H), 0, 0);
      r.setBackground(bg);
      r.setCamera({ zoom: cw / W, x: 0, y: 0 });
      r.setPhotoLook({ map: shaded.look, blurPx: VIRTUAL_BLUR_PX, stubble: null });
      shownLight = -1;
      const proj = headProjection(fit, grid);
      grid = proj.grid;
      r.setProjection(proj); // reprojects the dots already there
      shownKey = key;
    }
    if (results.dots && results.dots !== shownDots) {
      r.setDots(results.dots); // projected through the virtual fit
      shownDots = results.dots;
    }
    if (results.dotsPlan) r.setAging(agingTables(results.dotsPlan, studio.ui.day, DEFAULT_AGING), DEFAULT_AGING);
    if (r.getEffect() !== studio.ui.effect) r.setEffect(studio.ui.effect);
    if (shownLight !== studio.ui.light) {
      r.setOverheadLight(studio.ui.light);
      shownLight = studio.ui.light;
    }
    const dots = !stage.planHidden && shownDots !== null;
    if (studio.ui.beforeAfter) {
      r.setDotsVisible(false);
      r.render();
      before.width = canvas.width;
      before.height = canvas.height;
      before.getContext('2d')!.drawImage(canvas, 0, 0);
      before.style.clipPath = `inset(0 ${(1 - studio.ui.split) * 100}% 0 0)`;
    }
    before.hidden = !studio.ui.beforeAfter;
    r.setDotsVisible(dots);
    r.render();
    performance.measure('smp:orbit', { start: t0, end: performance.now() });
    document.body.dataset.head3d = `${view}|${studio.ui.day}|${dots ? shownDots!.count : 0}|${studio.ui.beforeAfter ? studio.ui.split : 'after'}`;
  }

  function schedule(): void {
    if (!on || frame) return;
    frame = requestAnimationFrame(draw);
  }

  async function show(next: boolean): Promise<void> {
    on = next;
    toggle.setAttribute('aria-pressed', String(on));
    for (const b of viewButtons) b.hidden = !on;
    canvas.hidden = !on;
    before.hidden = !on || !studio.ui.beforeAfter;
    // the photo's overlay (hairline handles, regions) belongs to the photo: out of the way while the head turns
    stage.els.wrap.querySelector<SVGSVGElement>('#overlay')?.style.setProperty('visibility', on ? 'hidden' : '');
    document.body.dataset.view3d = on ? view : 'off';
    if (!on) return;
    try {
      if (!renderer) {
        creating ??= ScalpRenderer.create({ canvas, width: Math.max(1, wrap.clientWidth), height: Math.max(1, wrap.clientHeight), resolution: Math.min(2, window.devicePixelRatio || 1) }).then((r) => {
          renderer = r;
        });
        await creating;
      }
      schedule();
    } catch (e) {
      say(`The 3D view could not start (${(e as Error).message}); the photo view still works.`, 'error');
      void show(false);
    }
  }

  function look(name: OrbitView): void {
    orbit = { ...ORBIT_VIEWS[name] };
    view = name;
    for (const b of viewButtons) b.setAttribute('aria-pressed', String(b.dataset.view3d === name));
    document.body.dataset.view3d = name;
    schedule();
  }

  toggle.addEventListener('click', () => void show(!on));
  for (const b of viewButtons) b.addEventListener('click', () => look(b.dataset.view3d as OrbitView));
  look('front');
  document.body.dataset.view3d = 'off';

  // drag turns the head, the wheel zooms; the stage's own gestures (pan, tools) do not see these events
  canvas.addEventListener('pointerdown', (e) => {
    e.stopPropagation();
    e.preventDefault();
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    e.stopPropagation();
    if (!drag || drag.id !== e.pointerId) return;
    orbit = dragOrbit(orbit, e.clientX - drag.x, e.clientY - drag.y, Math.min(wrap.clientWidth, wrap.clientHeight));
    drag.x = e.clientX;
    drag.y = e.clientY;
    view = 'orbit';
    for (const b of viewButtons) b.setAttribute('aria-pressed', 'false');
    document.body.dataset.view3d = view;
    schedule();
  });
  const end = (e: PointerEvent) => {
    e.stopPropagation();
    if (drag?.id !== e.pointerId) return;
    drag = null;
    schedule(); // the still picture at full resolution
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.stopPropagation();
      e.preventDefault();
      zoom = Math.min(4, Math.max(1, zoom * Math.exp(-e.deltaY * 0.0015)));
      schedule();
    },
    { passive: false },
  );
  // every stage frame (an edit, a new day, new dots, a new photo or fit) redraws the 3D view too
  stage.onDraw(schedule);
  new ResizeObserver(schedule).observe(wrap);

  return {
    /** Whether the 3D view is showing. */
    get on() {
      return on;
    },
    show,
    look,
  };
}
