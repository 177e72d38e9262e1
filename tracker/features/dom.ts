// Small helpers the core and its features share (a script holding several pays for them once).

/**
 * An element's attributes that start with `prefix`, as props: the rest of the name is the key,
 * exactly as written (`data-prop-blog-post="x"` → `{"blog-post": "x"}`); undefined when none.
 * Pageview props (data-prop-*) and tagged elements' props (data-lagom-prop-*) share it.
 */
export function attrs(el: Element, prefix: string): Record<string, string> | undefined {
  let props: Record<string, string> | undefined;
  for (const { name, value } of el.attributes) if (name.startsWith(prefix)) (props ||= {})[name.slice(prefix.length)] = value;
  return props;
}

/** `addEventListener` on the window: called without `this`, a window method uses the window. */
export const on = addEventListener;
