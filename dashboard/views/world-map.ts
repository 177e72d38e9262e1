// The world map beside the country list: each country filled by its visitors in one of four
// steps of the accent colour, its name and number in a tooltip, and a click filters by it as its
// row does. The map is one image to assistive technology (role="img"); the country list below it
// is the accessible alternative, with the same numbers and the same filters by keyboard.
import { HEIGHT, SHAPES, WIDTH } from 'lagom:world-map';
import { h } from '../lib/dom.js';
import { isFilter, type Filter } from '../lib/filters.js';
import { formatNumber } from '../lib/format.js';
import { valueLabel } from '../lib/labels.js';
import { text } from '../lib/text.js';

const SVG = 'http://www.w3.org/2000/svg';
const STEPS = 4;

export interface WorldMapView {
  el: HTMLElement;
  /** visitors by alpha-2 code; an empty map shows every country unfilled */
  set(visitors: ReadonlyMap<string, number>): void;
}

/** The fill step (1–4) of a country's visitors against the most any country had; 0 for none. */
export function fillStep(visitors: number, max: number): number {
  return visitors > 0 && max > 0 ? Math.max(1, Math.ceil((visitors / max) * STEPS)) : 0;
}

export function worldMap(onPick: (filter: Filter) => void): WorldMapView {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', text.panels.mapLabel);
  const paths = new Map<string, SVGPathElement>();
  for (const [code, d] of Object.entries(SHAPES)) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    path.dataset.code = code;
    path.append(document.createElementNS(SVG, 'title'));
    paths.set(code, path);
    svg.append(path);
  }
  svg.addEventListener('click', (event) => {
    const code = (event.target as Element).closest('path')?.dataset.code;
    if (code && paths.get(code)!.classList.contains('filled')) onPick(isFilter('visit:country', code));
  });

  return {
    el: h('div', { className: 'world-map' }, svg),
    set(visitors) {
      const max = Math.max(0, ...visitors.values());
      for (const [code, path] of paths) {
        const n = visitors.get(code) ?? 0;
        const step = fillStep(n, max);
        path.setAttribute('class', step ? `filled m${step}` : '');
        path.firstElementChild!.textContent = text.panels.mapCountry(valueLabel('visit:country', code), formatNumber(n));
      }
    },
  };
}
