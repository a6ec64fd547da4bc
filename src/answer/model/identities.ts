/**
 * The names a document goes by, read from its own text: its title (less "Privacy Policy"), the
 * controller, operator and group companies of its model (with and without the legal form), the
 * web domains of its e-mail addresses, and the brand: a capitalised name the policy keeps using
 * that matches one of those domains or its file name. A question naming one of them is about
 * this document (see routing.ts).
 */
import type { PolicyDocument } from '../../corpus/types.ts';
import { bareName, compact } from './parties.ts';
import type { Identity, Party } from './types.ts';
import { EMAIL, LETTER, UPPER } from './vocabulary.ts';

const POLICY_WORDS = /\b(privacy|cookie|data protection)\s+(policy|notice|statement|declaration)\b.*$|\b(policy|notice|statement)\b.*$/i;
const CAPITALISED_RUN = new RegExp(`(?<![${LETTER}])[${UPPER}][${LETTER}'’.-]*(?:[ \\t]+[${UPPER}][${LETTER}'’-]*){0,2}`, 'g');

function domainLabel(host: string): string | null {
  const parts = host.toLowerCase().split('.');
  if (parts.length < 2) return null;
  return parts.at(-2) === 'co' || parts.at(-2) === 'com' ? (parts.at(-3) ?? null) : parts.at(-2)!;
}

export function extractIdentities(document: PolicyDocument, parties: Party[]): Identity[] {
  const out: Identity[] = [];
  const add = (name: string, kind: Identity['kind']) => {
    const n = name.replace(/[*_`[\]]/g, '').trim();
    if (compact(n).length < 3 || out.some((i) => compact(i.name) === compact(n))) return;
    out.push({ name: n, kind });
  };
  if (document.title) {
    const t = document.title.replace(/\[\/?[a-z]+\]/gi, '').replace(POLICY_WORDS, '').replace(/[\s\p{P}\p{S}]+$/u, '').trim();
    if (t) add(t, 'title');
  }
  for (const p of parties) {
    if (p.role === 'processor') continue;
    add(p.name, 'party');
    add(bareName(p.name), 'party');
    for (const a of p.aliases) add(a, 'party');
  }
  const text = document.text;
  const labels = new Set<string>();
  for (const m of text.matchAll(EMAIL)) {
    const label = domainLabel(m[0].split('@')[1]!);
    if (label) labels.add(label);
  }
  for (const label of labels) add(label, 'domain');
  // The file name is how the corpus's owner calls the policy (`acme-privacy-policy` → `acme`).
  const fileLabel = compact(document.id.replace(/[-_](privacy|cookie|data)[-_]?(policy|notice|statement)?.*$/i, ''));
  if (fileLabel) labels.add(fileLabel);
  // The brand: a capitalised name written like a domain label or the file name.
  const counts = new Map<string, { name: string; n: number }>();
  for (const m of text.matchAll(CAPITALISED_RUN)) {
    const words = m[0].split(/\s+/);
    for (let len = words.length; len >= 1; len--) {
      const name = words.slice(0, len).join(' ').replace(/['’]s$/u, '').replace(/[.'’-]+$/u, '');
      const key = compact(name);
      if (!labels.has(key)) continue;
      const c = counts.get(key) ?? { name, n: 0 };
      c.n++;
      counts.set(key, c);
      break;
    }
  }
  for (const { name, n } of counts.values()) if (n >= 2) add(name, 'brand');
  return out;
}
