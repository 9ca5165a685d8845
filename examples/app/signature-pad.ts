// A signature pad drawn with a finger, a pen or a mouse (pointer events, one pointer at a time, touch-action: none so
// the page does not scroll under the finger). Written by hand rather than with signature_pad: that library would
// fit the studio's CSP (a canvas, no eval), but the record seals the strokes themselves as points (signoff.ts), which
// this ~70-line pad gives directly, and it keeps a dependency out of a lockfile other branches are changing.
import { drawSignature, type Signature } from '../../src/consult/signoff.js';

/** A pad in `host`: strokes in CSS pixels of the pad; `signature()` is null while nothing is drawn. */
export function mountSignaturePad(host: HTMLElement, id: string, label: string, width = 420, height = 150) {
  const canvas = Object.assign(document.createElement('canvas'), { id, className: 'signature-pad' });
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  canvas.style.width = `${width}px`;
  canvas.style.maxWidth = '100%';
  canvas.style.aspectRatio = `${width} / ${height}`;
  const clear = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Clear', className: 'signature-clear' });
  const wrap = Object.assign(document.createElement('div'), { className: 'signature' });
  wrap.append(canvas, clear);
  host.append(wrap);
  const strokes: number[][] = [];
  let current: number[] | null = null;
  let pointer = -1;
  const listeners: (() => void)[] = [];

  const redraw = () => {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(width * dpr);
    if (canvas.width !== w) {
      canvas.width = w;
      canvas.height = Math.round(height * dpr);
    }
    const g = canvas.getContext('2d')!;
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.strokeStyle = '#c8c8c8';
    g.lineWidth = dpr;
    g.beginPath();
    g.moveTo(16 * dpr, canvas.height - 28 * dpr);
    g.lineTo(canvas.width - 16 * dpr, canvas.height - 28 * dpr);
    g.stroke();
    if (strokes.length) drawSignature(g, { width, height, strokes }, dpr);
  };
  // the pad's own coordinates: CSS pixels of a width × height box, whatever size it is shown at
  const at = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [Math.min(width, Math.max(0, ((e.clientX - r.left) / r.width) * width)), Math.min(height, Math.max(0, ((e.clientY - r.top) / r.height) * height))];
  };
  canvas.addEventListener('pointerdown', (e) => {
    if (pointer !== -1) return;
    pointer = e.pointerId;
    canvas.setPointerCapture(e.pointerId);
    current = [...at(e)];
    strokes.push(current);
    e.preventDefault();
    redraw();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (e.pointerId !== pointer || !current) return;
    for (const ev of e.getCoalescedEvents?.() ?? [e]) current.push(...at(ev));
    redraw();
  });
  const end = (e: PointerEvent) => {
    if (e.pointerId !== pointer) return;
    pointer = -1;
    current = null;
    for (const l of listeners) l();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  clear.addEventListener('click', () => {
    strokes.length = 0;
    redraw();
    for (const l of listeners) l();
  });
  redraw();
  return {
    element: wrap,
    /** The strokes drawn, or null when the pad is empty. */
    signature: (): Signature | null => (strokes.length ? { width, height, strokes: strokes.map((s) => [...s]) } : null),
    clear: () => clear.click(),
    onChange: (fn: () => void) => listeners.push(fn),
  };
}

/** A signature as a PNG (for the report), drawn at `scale` × its pad size on white. */
export async function signaturePng(sig: Signature, scale = 2): Promise<Blob> {
  const c = new OffscreenCanvas(Math.round(sig.width * scale), Math.round(sig.height * scale));
  const g = c.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, c.width, c.height);
  drawSignature(g, sig, scale);
  return c.convertToBlob({ type: 'image/png' });
}
