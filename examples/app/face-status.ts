// While the face is being found on a new photo: "Finding the face…" over the stage, and no plan drawn. Until the
// head is fitted the plan would sit at a flat first guess, somewhere on the photo; the user would see the sample
// plan jump. The dots and the hairline/region overlay come back when the fit lands, or when the analysis finds no
// face or fails (then the user places the plan by hand, as before). The state is body[data-face] (head-ui.ts).
import type { Stage } from './stage.js';
import type { Studio } from './state.js';

/** Mounts the "Finding the face…" status on the stage; it follows body[data-face], the background and the fit. */
export function mountFaceStatus(stage: Stage, studio: Studio): { update(): void } {
  const el = document.createElement('div');
  el.id = 'face-finding';
  el.className = 'face-finding';
  el.setAttribute('role', 'status');
  el.hidden = true;
  const spinner = document.createElement('span');
  spinner.className = 'spinner';
  spinner.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  text.textContent = 'Finding the face…';
  el.append(spinner, text);
  stage.els.wrap.append(el);

  function update(): void {
    const finding = document.body.dataset.face === 'running' && stage.background?.kind === 'photo' && !studio.doc.head;
    el.hidden = !finding;
    if (finding) document.body.dataset.plan = 'hidden';
    else delete document.body.dataset.plan;
    if (stage.planHidden !== finding) {
      stage.planHidden = finding;
      stage.redraw();
    }
  }
  // a mutation is seen before the next frame is drawn, so no frame shows the plan at its first guess
  new MutationObserver(update).observe(document.body, { attributes: true, attributeFilter: ['data-face'] });
  stage.onBackground(update);
  studio.subscribe(update);
  update();
  return { update };
}
