/**
 * Routing a question to the policy it names: every document's identities (its title, parties,
 * brand, e-mail domains; see identities.ts) compacted to letters and digits, looked up with the
 * question's runs of one to five words ("acme cloud" → `acmecloud`, "example foundations" →
 * `examplefoundation`). The longest name wins; names two documents share name neither.
 */
import type { ClauseIndex } from '../../search/clause-index.ts';
import type { QuestionAnalysis } from '../question.ts';
import { compact } from './parties.ts';
import { policyModel } from './store.ts';

/** Shortest identity worth matching: shorter keys are initials and common words. */
const MIN_KEY = 4;
const MAX_WORDS = 5;

const tables = new WeakMap<ClauseIndex, Map<string, Set<string>>>();

function identityTable(index: ClauseIndex): Map<string, Set<string>> {
  let table = tables.get(index);
  if (!table) {
    table = new Map();
    for (const doc of index.listDocuments()) {
      for (const identity of policyModel(index, doc.id)?.identities ?? []) {
        const key = compact(identity.name);
        if (key.length < MIN_KEY) continue;
        let ids = table.get(key);
        if (!ids) table.set(key, (ids = new Set()));
        ids.add(doc.id);
      }
    }
    tables.set(index, table);
  }
  return table;
}

/** The documents whose names the question contains (the longest name matched), or [] when it names none. */
export function documentsNamed(index: ClauseIndex, question: QuestionAnalysis): string[] {
  if (index.documentCount < 2) return [];
  const table = identityTable(index);
  const words = question.query.tokens.map((t) => compact(t.word)).filter(Boolean);
  let best = 0;
  let found = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    let key = '';
    for (let j = i; j < Math.min(words.length, i + MAX_WORDS); j++) {
      key += words[j];
      // "Acme's", "the Example Foundations": a possessive or plural s on the last word.
      for (const k of key.endsWith('s') ? [key, key.slice(0, -1)] : [key]) {
        const ids = table.get(k);
        if (!ids || ids.size > 1 || k.length < best) continue;
        if (k.length > best) found = new Set();
        best = k.length;
        for (const id of ids) found.add(id);
      }
    }
  }
  return [...found];
}

/** How an answer names the policy it comes from when several are loaded. */
export function policyLabel(index: ClauseIndex, documentId: string): string {
  const doc = index.getDocument(documentId);
  const model = policyModel(index, documentId);
  const brand = model?.identities.find((i) => i.kind === 'brand' || i.kind === 'title')?.name;
  const party = model?.parties.find((p) => p.role === 'controller' || p.role === 'operator')?.name;
  return doc?.title?.replace(/\[\/?[a-z]+\]/gi, '').trim() || brand || party || documentId;
}
