// A small element builder (text always goes in through textContent, never as HTML), the page's
// buttons, and its short number formats.

type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;
type Child = Node | string;

/** `h('button', { id: 'x', type: 'button' }, 'Copy')`; `false`/`undefined` attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttrs(element, attrs);
  element.append(...children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttrs(element, attrs);
  element.append(...children);
  return element;
}

function setAttrs(element: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
}

type ButtonAttrs = Readonly<Record<string, string | boolean | undefined>>;

/** A vscode-button whose Space presses it without also scrolling the page, as a native button's does (the component leaves the key's default action). */
export function button(attrs: ButtonAttrs, label?: string): HTMLElementTagNameMap['vscode-button'] {
  const b = h('vscode-button', attrs, ...(label === undefined ? [] : [label]));
  b.addEventListener('keydown', (event) => {
    if (event.key === ' ') event.preventDefault();
  });
  return b;
}

/** Screen readers and tests learn a vscode-button's state from aria-disabled, which the component does not set itself. */
export function setDisabled(b: HTMLElementTagNameMap['vscode-button'], disabled: boolean): void {
  b.disabled = disabled;
  b.setAttribute('aria-disabled', String(disabled));
}

export const shortNumber = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x));
export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
