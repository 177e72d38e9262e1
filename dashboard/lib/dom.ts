// The one way the dashboard builds DOM. Children that are strings become text nodes, so a value
// from the server can never turn into markup; there is no innerHTML anywhere in the dashboard.

export type Child = Node | string | number | null | undefined | false;

type Handlers = { [E in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[E]) => void };

type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], 'innerHTML' | 'outerHTML' | 'style'>> & {
  /** set with setAttribute: aria-*, data-*, role, and the like */
  attrs?: Record<string, string>;
  on?: Handlers;
};

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props<K> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const { attrs, on, ...rest } = props;
  Object.assign(el, rest);
  if (attrs) for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  if (on) for (const [name, handler] of Object.entries(on)) el.addEventListener(name, handler as EventListener);
  append(el, children);
  return el;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** Replaces all children of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A labelled form field; the label wraps the control so no ids are needed. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return h('label', { className: 'field' }, h('span', { className: 'field-label' }, label), control, hint && h('small', { className: 'field-hint' }, hint));
}

export function button(label: string, onClick: (event: MouseEvent) => void, className = 'button'): HTMLButtonElement {
  return h('button', { type: 'button', className, textContent: label, on: { click: onClick } });
}

/** Small line icons, drawn as SVG elements (never parsed from a string). */
const ICONS = {
  moon: 'M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z',
  sun: 'M12 17a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM12 1v2M12 21v2M4.2 4.2l1.4 1.4M18.4 18.4l1.4 1.4M1 12h2M21 12h2M4.2 19.8l1.4-1.4M18.4 5.6l1.4-1.4',
  close: 'M6 6l12 12M18 6L6 18',
  download: 'M12 3v12M7 10l5 5 5-5M5 21h14',
  lock: 'M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4',
} as const;

export function icon(name: keyof typeof ICONS): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

/** A screen or a panel: its root element, what to start once it is in the document (things
 * that measure layout) and what to stop (timers, observers, requests) when it goes. */
export interface View {
  el: HTMLElement;
  mounted?(): void;
  destroy?(): void;
}

/** A place in the page that shows one view at a time. */
export interface Slot {
  show(view: View): void;
  clear(): void;
}

export function slot(parent: Element): Slot {
  let current: View | null = null;
  const clear = () => {
    current?.destroy?.();
    current = null;
    parent.replaceChildren();
  };
  return {
    show(view) {
      clear();
      parent.append(view.el);
      current = view;
      view.mounted?.();
    },
    clear,
  };
}
