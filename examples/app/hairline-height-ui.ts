// The hairline's height on a fitted photo: presets (youthful / mature / conservative, in face-thirds above the
// glabella) and a mm slider (forehead arc above the glabella) that move the hairline and the front edge of the
// treated area together, one undo step each; the height shown in mm and in face-thirds beside Garg's 8 cm. And, for
// a client with a full head of hair, the note that no bald area was proposed with the two designs that suit them.
import { arcForThirds, HAIRLINE_ARC_RANGE_MM, HAIRLINE_HEIGHTS, hairlineHeights, type HairlineHeight, type HeadObservation } from '../../src/head/index.js';
import { concernDefaults, concernPlan } from '../../src/consult/concerns.js';
import { fullHairRegion, withHairlineArc, type FullHairDesign } from './head-plan.js';
import type { Studio } from './state.js';

const PRESETS = Object.keys(HAIRLINE_HEIGHTS) as HairlineHeight[];

export function mountHairlineHeight(slot: HTMLElement, studio: Studio, observation: () => HeadObservation | null, say: (t: string, k?: 'info' | 'error') => void) {
  slot.innerHTML = `
    <details id="hairline-height" class="head-tools">
      <summary>Hairline height</summary>
      <div class="pop">
        <label for="hairline-preset">Preset</label>
        <select id="hairline-preset">${PRESETS.map((k) => `<option value="${k}">${k} (${HAIRLINE_HEIGHTS[k]} thirds)</option>`).join('')}<option value="custom">by hand</option></select>
        <label for="hairline-mm">Height (mm)</label>
        <input id="hairline-mm" type="range" min="${HAIRLINE_ARC_RANGE_MM[0]}" max="${HAIRLINE_ARC_RANGE_MM[1]}" step="1" />
        <output id="hairline-height-out" class="small"></output>
      </div>
    </details>
    <span id="full-hair" class="small" hidden>A full head of hair: no bald area proposed.
      <select id="full-hair-design"><option value="density">Density under hair</option><option value="hairline">Hairline only</option></select>
      <button id="full-hair-apply" type="button">Use this design</button>
    </span>`;
  const $ = <T extends HTMLElement>(id: string) => slot.querySelector<T>(`#${id}`)!;
  const preset = $<HTMLSelectElement>('hairline-preset');
  const mm = $<HTMLInputElement>('hairline-mm');
  const out = $<HTMLOutputElement>('hairline-height-out');
  const fullHair = $<HTMLElement>('full-hair');

  /** Moves the hairline (and the treated fronts) to `arcMm`; `group` merges a slider's drag into one undo step. */
  function setArc(arcMm: number, group: string | null): void {
    const fit = studio.doc.head;
    if (!fit) return;
    const err = studio.edit((d) => {
      const r = withHairlineArc(d.plan, fit, arcMm);
      d.plan = r.plan;
      d.head = r.fit;
    }, group);
    if (!group) studio.seal();
    if (err) say(err.message, 'error');
  }

  preset.addEventListener('change', () => {
    const face = observation()?.face;
    const fit = studio.doc.head;
    if (!face || !fit || preset.value === 'custom') return;
    setArc(Math.round(arcForThirds(face, fit, HAIRLINE_HEIGHTS[preset.value as HairlineHeight]) * 10) / 10, null);
  });
  mm.addEventListener('input', () => setArc(Number(mm.value), 'hairline:height'));
  mm.addEventListener('change', () => studio.seal());

  $<HTMLButtonElement>('full-hair-apply').addEventListener('click', () => {
    const design = $<HTMLSelectElement>('full-hair-design').value as FullHairDesign;
    const c = concernDefaults(design);
    const err = studio.edit((d) => {
      const plan = concernPlan(design, d.plan);
      plan.regions = [fullHairRegion(design, plan.hairline?.points ?? null), ...plan.regions.filter((r) => r.kind !== 'treated')];
      d.plan = plan;
    });
    studio.seal();
    if (err) return say(err.message, 'error');
    studio.setUi({ effect: c.effect });
    say(`${c.label}: ${design === 'density' ? 'dots under the hair over the top, the hair kept as it is' : 'a band behind the hairline'} — edit it freely (Ctrl+Z undoes).`);
  });

  /** Shows the current height (mm and face-thirds, with Garg's 8 cm and the thirds rule) and the preset it matches. */
  function sync(): void {
    const face = observation()?.face;
    const fit = studio.doc.head;
    slot.hidden = !fit;
    if (!fit) return;
    if (document.activeElement !== mm) mm.value = String(Math.round(fit.originArc));
    if (!face) {
      out.textContent = `${fit.originArc.toFixed(0)} mm of forehead`;
      preset.value = 'custom';
      return;
    }
    const h = hairlineHeights(face, fit);
    out.textContent =
      `${h.current.arcMm.toFixed(0)} mm · ${h.current.thirds.toFixed(2)} face-thirds above the glabella ` +
      `(one third: ${h.thirds.arcMm.toFixed(0)} mm; Garg's 8 cm: ${h.garg.thirds.toFixed(2)} thirds)`;
    const match = PRESETS.find((k) => Math.abs(HAIRLINE_HEIGHTS[k] - h.current.thirds) < 0.005);
    if (document.activeElement !== preset) preset.value = match ?? 'custom';
  }

  return {
    sync,
    /** After a fresh fit: whether the photo shows a full head of hair (shows the offer). */
    setFullHair(on: boolean): void {
      fullHair.hidden = !on;
    },
  };
}
