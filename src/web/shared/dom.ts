/** DOM helpers shared by the widget and the console. Text only ever goes in as text nodes. */

/** An element with attributes (`class` sets className) and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

/** `text` with `ranges` (relative to it) wrapped in <mark>; overlapping or bad ranges are skipped. */
export function appendMarked(parent: Node, text: string, ranges: ReadonlyArray<readonly [number, number]>, markClass: string): void {
  let at = 0;
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (s < at || e > text.length || e <= s) continue;
    if (s > at) parent.appendChild(document.createTextNode(text.slice(at, s)));
    parent.appendChild(el('mark', { class: markClass }, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
}
