// The one way the dashboard builds DOM. Children that are strings become text nodes, so a value
// from the server can never turn into markup; there is no innerHTML anywhere in the dashboard.

export type Child = Node | string | number | null | undefined | false;

type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], 'innerHTML' | 'outerHTML'>> & {
  /** set with setAttribute: aria-*, data-*, for, and the like */
  attrs?: Record<string, string>;
};

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props<K> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const { attrs, ...rest } = props;
  Object.assign(el, rest);
  if (attrs) for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
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
