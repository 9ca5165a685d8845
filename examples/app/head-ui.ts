// The plan on the client's own head. When a photo is opened, the face worker (offline: models and wasm from
// this origin) finds the face, the mm scale, the head's outline and the bald scalp; the head model is fitted
// to them, the hairline suggested (Garg's 8-cm rule, temples above the outer eye corners) and the proposed
// treated area mapped into scalp mm — one undoable step. The dots then go through the fitted head (each its
// own foreshortened ellipse), ink multiplies into the photo at its own sharpness, shaved or density effect, a
// harsh overhead light preview, and a full-resolution PNG export. Handles adjust the head's top, sides and front;
// Yaw/Pitch/Roll its pose; a two-point ruler overrides the scale. Without a face (a back or top view), the flat
// alignment and the ruler remain.
import { adjustHead, dragHandle, fitHead, hairlineHeights, headHandles, suggestHairline, type HeadFit, type HeadObservation } from '../../src/head/index.js';
import { hairlinePoints } from '../../src/presets.js';
import { hasFullHair, proposedRegions, scaleBarMm } from './head-plan.js';
import { mountHairlineHeight } from './hairline-height-ui.js';
import { exportName } from './export-name.js';
import { faceQuestion, mountFaceQuestion } from './face-question.js';
import { estimateBlurSigma, lookMap, stubbleTone } from '../../src/render/index.js';
import { stubbleInk, stubbleShade } from '../../src/aging/index.js';
import { createFaceAnalyser, type FaceAnalyser } from '../../workers/face-client.js';
import { createShaver, type Shaver } from '../../workers/shave-client.js';
import type { Background, Stage } from './stage.js';
import type { Studio } from './state.js';

const SVG = 'http://www.w3.org/2000/svg';

/** Photo RGBA (for the blur estimate and the stubble tone), read once per photo. */
function rgbaOf(bg: Background): { width: number; height: number; data: Uint8ClampedArray } {
  const c = new OffscreenCanvas(bg.width, bg.height);
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bg.source as CanvasImageSource, 0, 0);
  return ctx.getImageData(0, 0, bg.width, bg.height);
}

export function mountHead(svg: SVGSVGElement, stage: Stage, studio: Studio, say: (t: string, k?: 'info' | 'error') => void, rotatePhoto?: (deg: 90 | 180 | 270) => Promise<void>) {
  let analyser: FaceAnalyser | null = null;
  let obs: HeadObservation | null = null;
  let rgba: ReturnType<typeof rgbaOf> | null = null;
  let ticket = 0;
  let blurPx = 0.8;
  let shaver: Shaver | null = null;
  /** The shaved base being made (body[data-shaved="running"]), awaited by the export; null when none is pending. */
  let shaving: Promise<void> | null = null;
  /** The shaved look's ink: the client's stubble hue at the calibrated strength (null: the pigment's own). */
  let stubble: [number, number, number] | null = null;
  /** The shaved look's base (the remaining hair buzzed): made once per photo and fit, in a worker, and kept. */
  let shaved: { bg: Background; key: string; canvas: OffscreenCanvas | null; x: number; y: number } | null = null;
  let shaveTicket = 0;
  /** The effect and light the renderer has. */
  let shown = { effect: studio.ui.effect, light: studio.ui.light };
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const height = mountHairlineHeight($('hairline-height-slot'), studio, () => obs, say);
  const question = mountFaceQuestion($('message'));

  /**
   * Analyses the photo now on the stage; `fresh`: fit and propose (a new photo), else keep the saved fit. A face
   * upside down or on its side, or several faces, are asked about first (face-question.ts); `near`: the face chosen.
   */
  async function analyse(bg: Background, fresh: boolean, near?: [number, number]): Promise<void> {
    const mine = ++ticket;
    question.clear();
    obs = null;
    rgba = null;
    shaved = null;
    stage.renderer.setAfterBase(null);
    document.body.dataset.face = 'running';
    say('Finding the face and the scale on this device…');
    try {
      analyser ??= createFaceAnalyser();
      const copy = await createImageBitmap(bg.source as ImageBitmap);
      const o = await analyser.analyse(copy, near ? { near } : {});
      if (mine !== ticket || stage.background !== bg) return;
      obs = o;
      rgba = rgbaOf(bg);
      const q = fresh ? faceQuestion(o, !!near) : null;
      if (q) {
        say(q.text);
        question.ask(q, (a) => {
          if (a.kind === 'face') void analyse(bg, true, a.near);
          else if (a.kind === 'rotate') void rotatePhoto?.(a.deg);
          else if (obs === o) {
            fitFresh(o);
            applyLook();
          }
        });
      } else if (fresh) fitFresh(o);
      applyLook();
      document.body.dataset.face = o.face ? 'found' : 'none';
      sync();
    } catch (e) {
      if (mine !== ticket) return;
      document.body.dataset.face = 'failed';
      say(`The face analysis failed (${(e as Error).message}); place the plan by hand with "Align" and the ruler.`, 'error');
    }
  }

  function fitFresh(o: HeadObservation): void {
    let fit: HeadFit;
    try {
      fit = fitHead(o);
    } catch (e) {
      say(`${o.notes.join(' ')} ${(e as Error).message}. Place the plan by hand ("Align"), or measure with the ruler.`.trim(), 'error');
      return;
    }
    let hairline: { widthMm: number; thirds: number } | null = null;
    if (o.face) {
      try {
        const s = suggestHairline(o, fit);
        fit = s.fit;
        hairline = { widthMm: s.widthMm, thirds: hairlineHeights(o.face, fit).current.thirds };
      } catch {
        hairline = null;
      }
    }
    const style = studio.doc.plan.hairline?.style ?? 'mature';
    const line = hairline ? hairlinePoints(style, { widthMm: Math.max(60, Math.min(200, hairline.widthMm)) }) : (studio.plan.hairline?.points ?? null);
    const regions = proposedRegions(o, fit, line);
    const fullHair = hasFullHair(o, fit);
    height.setFullHair(fullHair);
    const err = studio.edit((d) => {
      d.head = fit;
      if (hairline && d.plan.hairline && line) d.plan.hairline = { ...d.plan.hairline, points: line };
      // a full head of hair: nothing proposed, and no sample area left on the hair either (the offer adds a design)
      if (regions.length || fullHair) d.plan.regions = [...regions, ...d.plan.regions.filter((r) => r.kind !== 'treated')];
    });
    studio.seal();
    if (err) {
      say(`The head was found but the plan could not follow it: ${err.message}`, 'error');
      return;
    }
    studio.setUi({ alignMode: false });
    const sc = o.scale;
    say(
      `Fitted to the photo${sc ? ` at ${sc.pxPerMm.toFixed(2)} px/mm ± ${((100 * sc.sd) / sc.pxPerMm).toFixed(0)} % (${sc.source})` : ''}: ` +
        `${hairline ? `hairline suggested ${fit.originArc.toFixed(0)} mm (${hairline.thirds.toFixed(2)} face-thirds) above the glabella, temples above the outer eye corners; ` : ''}` +
        `${fullHair ? 'a full head of hair: no bald area proposed (try density under hair or a hairline-only design); ' : regions.length ? 'the bald scalp is proposed as the treated area, feathered into the hair; ' : ''}edit freely (Ctrl+Z undoes all of it). The photo stays on this device.`,
    );
  }

  /** Ink into the photo: its blur, its lighting and hair, the stubble's tone; or plain dots without a fit. */
  function applyLook(): void {
    const fit = studio.doc.head;
    const bg = stage.background;
    if (!fit || !bg || bg.kind !== 'photo' || !rgba || bg.width !== fit.width) {
      stage.renderer.setPhotoLook(null);
      return;
    }
    const map = lookMap(fit, bg.width, bg.height, { classes: obs?.classes ?? null, personMask: obs?.personMask ?? null });
    const o = obs?.outline;
    const box = o ? { x: o.cx - o.rx, y: o.cy - o.ry, width: 2 * o.rx, height: 2 * o.ry } : undefined;
    blurPx = 0.8;
    try {
      blurPx = estimateBlurSigma(rgba, box);
    } catch {
      /* a tiny head box: keep the floor */
    }
    // the stubble's hue, at the calibrated pigment's strength (docs/calibration.md)
    const tone = obs?.classes ? stubbleTone(rgba, obs.classes) : null;
    stubble = tone ? stubbleInk(tone) : null;
    stage.renderer.setPhotoLook({ map, blurPx, stubble });
    stage.renderer.setEffect(studio.ui.effect);
    stage.renderer.setOverheadLight(studio.ui.light);
    shown = { effect: studio.ui.effect, light: studio.ui.light };
    showShaved();
    stage.redraw();
  }

  /**
   * In the shaved effect, the photo's remaining hair drawn as a buzz cut (src/render/shave.ts) under the dots, in the
   * after picture only; made in a worker once per photo and fit (switching effects reuses it), none in density.
   */
  function showShaved(): void {
    const fit = studio.doc.head;
    const bg = stage.background;
    const classes = obs?.classes;
    if (studio.ui.effect !== 'shaved' || !fit || !bg || bg.kind !== 'photo' || !rgba || !classes || bg.width !== fit.width) {
      stage.renderer.setAfterBase(null);
      shaving = null;
      document.body.dataset.shaved = 'none';
      return;
    }
    const key = JSON.stringify(fit);
    if (shaved && shaved.bg === bg && shaved.key === key) {
      stage.renderer.setAfterBase(shaved.canvas, shaved.x, shaved.y);
      shaving = null;
      document.body.dataset.shaved = 'ready';
      return;
    }
    // a base made for another fit would sit wrong: none until this one is ready
    stage.renderer.setAfterBase(null);
    const mine = ++shaveTicket;
    shaver ??= createShaver();
    document.body.dataset.shaved = 'running';
    shaving = shaver
      .shave(rgba, fit, classes, { personMask: obs?.personMask ?? null, blurPx, stubble: stubbleShade(stubble ?? undefined) })
      .then((base) => {
        if (mine !== shaveTicket || stage.background !== bg) return;
        let canvas: OffscreenCanvas | null = null;
        if (base.changed > 0) {
          canvas = new OffscreenCanvas(base.width, base.height);
          canvas.getContext('2d')!.putImageData(new ImageData(base.data, base.width, base.height), 0, 0);
        }
        shaved = { bg, key, canvas, x: base.x, y: base.y };
        if (studio.ui.effect === 'shaved' && JSON.stringify(studio.doc.head) === key) stage.renderer.setAfterBase(canvas, base.x, base.y);
        document.body.dataset.shaved = 'ready';
        stage.redraw();
      })
      .catch((e: unknown) => {
        if (mine !== shaveTicket) return;
        document.body.dataset.shaved = 'failed';
        say(`The shaved look could not be made (${(e as Error).message}); the photo's hair is kept.`, 'error');
      });
  }

  // ------------------------------------------------------------ head handles (top, sides, front)
  stage.onDraw(() => {
    const fit = stage.background?.kind === 'photo' ? studio.doc.head : null;
    if (!fit || !studio.ui.headHandles) return;
    const h = headHandles(fit);
    for (const [name, p] of Object.entries(h)) {
      const [cx, cy] = stage.worldToCanvas(p[0], p[1]);
      const c = document.createElementNS(SVG, 'rect');
      c.setAttribute('class', 'head-handle');
      c.setAttribute('x', String(cx - 7));
      c.setAttribute('y', String(cy - 7));
      c.setAttribute('width', '14');
      c.setAttribute('height', '14');
      c.dataset.head = name;
      const t = document.createElementNS(SVG, 'title');
      t.textContent = `Head ${name}: drag to fit the head to the photo`;
      c.append(t);
      svg.append(c);
    }
    // the bar is true at the face's depth (the calibration's scale), as a ruler held to the forehead would be
    const s = obs?.scale ? obs.scale.pxPerMm * stage.renderer.getCamera().zoom : 0;
    if (s > 0) {
      const mm = scaleBarMm(s, 140);
      const bar = document.createElementNS(SVG, 'g');
      bar.setAttribute('class', 'scale-bar');
      const y = stage.els.wrap.clientHeight - 18;
      bar.innerHTML = `<line x1="12" y1="${y}" x2="${12 + mm * s}" y2="${y}"/><text x="12" y="${y - 5}">${mm} mm at the face</text>`;
      svg.append(bar);
    }
  });
  stage.addTool((_cx, _cy, e) => {
    const t = e.target as SVGElement;
    const which = t.dataset?.head as 'top' | 'left' | 'right' | 'front' | undefined;
    if (!which) return null;
    return {
      move: (cx, cy) => {
        const fit = studio.doc.head;
        if (!fit) return;
        const w = stage.renderer.canvasToWorld(cx, cy);
        try {
          const next = dragHandle(fit, which, [w[0], w[1]]);
          studio.edit((d) => (d.head = next), 'head:drag');
        } catch (err) {
          say((err as Error).message, 'error');
        }
      },
      end: () => applyLook(),
    };
  });

  // ------------------------------------------------------------ pose, effect, light, ruler, export
  for (const k of ['yaw', 'pitch', 'roll'] as const) {
    const el = $<HTMLInputElement>(`head-${k}`);
    el.addEventListener('input', () => {
      const fit = studio.doc.head;
      if (!fit) return;
      studio.edit((d) => (d.head = adjustHead(fit, { pose: { [k]: (Number(el.value) * Math.PI) / 180 } })), `head:${k}`);
    });
    el.addEventListener('change', () => {
      studio.seal();
      applyLook();
    });
  }
  $<HTMLSelectElement>('effect').addEventListener('change', (e) => studio.setUi({ effect: (e.currentTarget as HTMLSelectElement).value as 'shaved' }));
  $<HTMLInputElement>('light').addEventListener('input', (e) => studio.setUi({ light: Number((e.currentTarget as HTMLInputElement).value) }));
  $<HTMLInputElement>('head-handles').addEventListener('change', (e) => studio.setUi({ headHandles: (e.currentTarget as HTMLInputElement).checked }));
  const exportPng = async (pair: boolean) => {
    try {
      await shaving; // the shaved head being made goes into the export, not the photo's hair
      const bytes = await stage.renderer.exportPng({ pair });
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'image/png' }));
      const a = document.createElement('a');
      a.href = url;
      const look = stage.background?.kind === 'photo' && studio.doc.head ? studio.ui.effect : null;
      a.download = exportName(stage.background?.name, { pair, look, day: studio.ui.day });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      say(`Exported ${a.download} at the photo's full resolution.`);
    } catch (e) {
      say(`The PNG could not be made: ${(e as Error).message}`, 'error');
    }
  };
  $<HTMLButtonElement>('export-png').addEventListener('click', () => void exportPng(false));
  $<HTMLButtonElement>('export-pair').addEventListener('click', () => void exportPng(true));

  // the two-point ruler: drag across something of known size, type its length in mm
  $<HTMLButtonElement>('ruler').addEventListener('click', () => {
    studio.setUi({ tool: 'ruler' });
    say('Ruler: drag across something whose size you know (e.g. a coin, or the eyes’ pupils: 63 mm on average), then type its length.');
  });
  stage.addTool((cx0, cy0) => {
    if (studio.ui.tool !== 'ruler') return null;
    const line = document.createElementNS(SVG, 'line');
    line.setAttribute('class', 'ruler');
    const a = stage.renderer.canvasToWorld(cx0, cy0, [0, 0]);
    let b = a;
    return {
      move: (cx, cy) => {
        b = stage.renderer.canvasToWorld(cx, cy, [0, 0]);
        line.setAttribute('x1', String(cx0));
        line.setAttribute('y1', String(cy0));
        line.setAttribute('x2', String(cx));
        line.setAttribute('y2', String(cy));
        if (!line.isConnected) svg.append(line);
      },
      end: () => {
        line.remove();
        studio.setUi({ tool: 'move' });
        const px = Math.hypot(b[0] - a[0], b[1] - a[1]);
        if (px < 5) return;
        const answer = prompt(`That line is ${px.toFixed(0)} photo px. How long is it, in mm?`, '63');
        const mm = Number(answer?.replace(',', '.'));
        if (!(mm > 0 && mm < 1000)) {
          if (answer !== null) say(`Ruler: "${answer}" is not a length in mm between 0 and 1000.`, 'error');
          return;
        }
        setScale(px / mm, `ruler: ${px.toFixed(0)} px = ${mm} mm`);
      },
    };
  });

  /** Refits the head with a scale from the ruler (overrides the face's). */
  function setScale(pxPerMm: number, what: string): void {
    const o = obs;
    const bg = stage.background;
    if (!o || !bg) {
      say('Open a photo first.', 'error');
      return;
    }
    try {
      const withScale: HeadObservation = { ...o, scale: { pxPerMm, sd: 0, source: 'ruler' } };
      let fit = fitHead(withScale);
      // keep the hairline's height in face-thirds across the new scale
      const was = studio.doc.head && o.face ? hairlineHeights(o.face, studio.doc.head).current.thirds : NaN;
      if (o.face) fit = suggestHairline(withScale, fit, was >= 0.6 && was <= 2 ? { thirds: was } : {}).fit;
      obs = withScale;
      const err = studio.edit((d) => (d.head = fit));
      studio.seal();
      if (err) throw err;
      applyLook();
      say(`Scale set by the ${what} (${pxPerMm.toFixed(2)} px/mm).`);
    } catch (e) {
      say(`The ruler's scale could not fit a head: ${(e as Error).message}. Align the map by hand instead.`, 'error');
    }
  }

  function sync(): void {
    const onPhoto = stage.background?.kind === 'photo';
    const fit = onPhoto ? studio.doc.head : null;
    $<HTMLElement>('photo-tools').hidden = !onPhoto;
    $<HTMLElement>('head-tools').hidden = !fit;
    if (fit) {
      for (const k of ['yaw', 'pitch', 'roll'] as const) {
        const el = $<HTMLInputElement>(`head-${k}`);
        if (document.activeElement !== el) el.value = String(Math.round((fit.pose[k] * 180) / Math.PI));
      }
    }
    $<HTMLSelectElement>('effect').value = studio.ui.effect;
    $<HTMLInputElement>('light').value = String(studio.ui.light);
    $<HTMLInputElement>('head-handles').checked = studio.ui.headHandles;
    height.sync();
    const sc = obs?.scale;
    $<HTMLElement>('scale-label').textContent = sc ? `${sc.pxPerMm.toFixed(2)} px/mm ± ${((100 * sc.sd) / sc.pxPerMm).toFixed(0)} % (${sc.source})` : '';
  }

  return {
    analyse,
    /** Starts the face worker and loads its models ahead of a photo (the file chooser opened, or the page idle). */
    prepare(): void {
      analyser ??= createFaceAnalyser();
      analyser.warmUp().catch(() => {}); // a failure shows on the photo's own analysis
    },
    sync,
    /** After the head or the UI's look settings changed. */
    refreshLook(): void {
      // called on every UI change (the timeline's too): touch the renderer only when effect or light moved
      const { effect, light } = studio.ui;
      if (effect === shown.effect && light === shown.light) return;
      if (effect !== shown.effect) showShaved();
      shown = { effect, light };
      stage.renderer.setEffect(effect);
      stage.renderer.setOverheadLight(light);
      stage.redraw();
    },
    applyLook,
    get observation() {
      return obs;
    },
  };
}
