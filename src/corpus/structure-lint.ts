/**
 * Structural problems a policy owner can fix in the source: a long clause without sub-headings,
 * a heading that ended up inside a clause's text, a list cut at its bullet, and markup that is
 * still in the reading text (the parser did not understand it). Unclosed code fences are
 * reported by the Markdown parser itself. Each check looks at what visitors will read, so a
 * warning names text that really is there.
 */
import { parseLabel } from './numbering.ts';
import type { Clause, LoadWarning, PolicyDocument } from './types.ts';

/** A clause longer than this (characters of its own text) with no sub-clauses is hard to cite. */
export const LONG_CLAUSE_CHARS = 3000;

/** Markup that should never reach a visitor, with what it is. */
const MARKUP: Array<[RegExp, string]> = [
  [/\*\*\S|\S\*\*/, 'Markdown bold (**)'],
  [/(?:^|\s)__\S|\S__(?:\s|$)/, 'Markdown bold (__)'],
  [/\]\((?:https?:|mailto:|\/|#)/, 'a Markdown link ([text](url))'],
  [/<!--/, 'an HTML comment'],
  [/\[\/?(?:b|i|u|url|size|color|quote)(?:=[^\]\n]*)?\]/i, 'forum markup ([B], [URL=…])'],
  [/\\[\\`*_{}[\]()#+\-.!|]/, 'a backslash escape'],
  [/^\s*\|?\s*:?-{3,}:?\s*\|/m, 'a table rule (|---|)'],
  [/^\s*\|.*\|\s*$/m, 'table pipes outside a table'],
];

/** Bullet characters that start a list item. */
const BULLET = /^[•‣◦▪●\-*+]$/;

function ownText(doc: PolicyDocument, c: Clause): string {
  return doc.text.slice(c.start, c.end);
}

function warning(doc: PolicyDocument, c: Clause, code: LoadWarning['code'], message: string, span?: { start: number; end: number }): LoadWarning {
  return { code, level: 'warning', message, file: doc.file, clauseId: c.id, start: span?.start ?? c.start, end: span?.end ?? c.end };
}

export function structureWarnings(doc: PolicyDocument): LoadWarning[] {
  const out: LoadWarning[] = [];
  const parents = new Set(doc.clauses.map((c) => c.parentId));
  for (const c of doc.clauses) {
    const text = ownText(doc, c);
    if (text.length > LONG_CLAUSE_CHARS && !parents.has(c.id)) {
      out.push(
        warning(doc, c, 'long_clause', `Clause ${c.id}${c.heading ? ` ("${c.heading}")` : ''} is ${text.length} characters long with no sub-headings; headings for its parts would let answers cite the part that applies.`),
      );
    }
    for (const b of c.blocks) {
      const t = doc.text.slice(b.start, b.end);
      if (BULLET.test(t.trim())) {
        out.push(warning(doc, c, 'list_cut', `Clause ${c.id} has a list bullet with no text after it: a list item was cut from its bullet.`, b));
        continue;
      }
      // A numbered heading-like line written as a paragraph of its own inside a clause.
      const label = b.kind === 'paragraph' && !t.includes('\n') ? parseLabel(t) : null;
      if (label && t.length <= 80 && !/[.!?;,:]["'”’)]*$/.test(t) && /^\p{Lu}/u.test(t.slice(label.restStart))) {
        out.push(warning(doc, c, 'swallowed_heading', `"${t}" in clause ${c.id} looks like a heading but is read as text; write it as a heading line of its own.`, b));
      }
    }
    for (const [re, what] of MARKUP) {
      const m = re.exec(text);
      if (!m) continue;
      const at = c.start + m.index;
      out.push(warning(doc, c, 'markup_in_text', `Clause ${c.id} shows ${what} to readers ("${text.slice(m.index, m.index + 40).split('\n')[0]}").`, { start: at, end: at + m[0].length }));
      break;
    }
  }
  return out;
}
