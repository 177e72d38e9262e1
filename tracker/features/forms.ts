// Form submissions, as Plausible's "Form: Submission" event. The browser fires `submit` only
// for a submission its validation lets through, so a form stopped by its own `required` fields
// sends nothing; one whose listener cancels it (preventDefault, as single-page apps do before
// sending it themselves) was still submitted by the visitor, so it counts. Nothing of the
// form's contents is read.
import type { Lagom } from '../shared/api.js';
import { on } from './dom.js';

export function forms(lagom: Lagom): void {
  // Capture: a page's own listener that stops propagation cannot hide the submission.
  on('submit', () => lagom('event', 'Form: Submission'), true);
}
