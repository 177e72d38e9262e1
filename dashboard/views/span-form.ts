// Two date fields and an Apply button, for a custom range and a custom comparison. An end before
// its start is refused where it was typed, with the reason next to the fields, and nothing is
// applied: swapping the two silently would show other dates than the ones asked for.
import { h } from '../lib/dom.js';
import type { DateSpan } from '../../protocol/periods.js';
import { text } from '../lib/text.js';
import { choiceSelect, type ChoiceSelect } from './choice-select.js';
import { alertLine } from './form.js';

export interface SpanForm {
  el: HTMLFormElement;
  from: HTMLInputElement;
  set(span: DateSpan): void;
}

export function spanForm(
  o: { name: string; label: string; fromName: string; toName: string },
  onApply: (span: DateSpan) => void,
  onCancel: () => void,
): SpanForm {
  const t = text.report;
  const error = alertLine(null);
  error.id = `${o.name}-error`;
  const input = (name: string) => h('input', { className: 'input', type: 'date', name, required: true });
  const from = input(o.fromName);
  const to = input(o.toName);
  const invalid = (bad: boolean) => {
    error.hidden = !bad;
    for (const i of [from, to]) {
      if (bad) i.setAttribute('aria-invalid', 'true');
      else i.removeAttribute('aria-invalid');
    }
  };
  to.setAttribute('aria-describedby', error.id);
  const title = h('span', { className: 'custom-range-title', id: `${o.name}-title` }, o.label);
  const el = h(
    'form',
    { className: `custom-range ${o.name}`, hidden: true, attrs: { 'aria-labelledby': title.id } },
    title,
    h('label', { className: 'inline-field' }, h('span', {}, t.from), from),
    h('label', { className: 'inline-field' }, h('span', {}, t.to), to),
    h('button', { type: 'submit', className: 'button small primary', textContent: t.apply }),
    error,
  );
  el.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!from.value || !to.value) return;
    if (from.value > to.value) {
      error.textContent = text.dates.endBeforeStart;
      invalid(true);
      to.focus();
      return;
    }
    invalid(false);
    onApply({ from: from.value, to: to.value });
  });
  el.addEventListener('input', () => {
    if (!error.hidden && from.value <= to.value) invalid(false);
  });
  // Leaving the form without applying puts the picker back on what is shown.
  el.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    el.hidden = true;
    invalid(false);
    onCancel();
  });
  return {
    el,
    from,
    set(span) {
      from.value = span.from;
      to.value = span.to;
      invalid(false);
    },
  };
}

export interface SpanPicker {
  select: ChoiceSelect;
  form: SpanForm;
  /** what the report shows: the choice, and the span the custom fields start from */
  set(value: string, span: DateSpan): void;
}

/** A choice of presets whose "custom" opens the two date fields rather than applying. */
export function spanPicker(
  o: { select: Parameters<typeof choiceSelect>[0]; form: Parameters<typeof spanForm>[0] },
  onPick: (value: string) => void,
  onSpan: (span: DateSpan) => void,
): SpanPicker {
  let shown = '';
  const form = spanForm(o.form, onSpan, () => {
    select.set(shown);
    select.el.focus();
  });
  const select = choiceSelect(o.select, (value) => {
    form.el.hidden = value !== 'custom';
    if (value !== 'custom') return onPick(value);
    // Not after a blur: focus stays where the owner moved it.
    if (document.activeElement === select.el) form.from.focus();
  });
  return {
    select,
    form,
    set(value, span) {
      shown = value;
      select.set(value);
      form.set(span);
      form.el.hidden = value !== 'custom';
    },
  };
}
