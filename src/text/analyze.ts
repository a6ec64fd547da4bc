/**
 * Text analysis shared by the corpus linter, indexing and questions: the one place that decides
 * what a "term" is. A term is a lower-cased, diacritic-folded, Porter2-stemmed word that is not a
 * stop word (src/vocabulary/stopwords-en.json). Indexed text, questions and the linter's content
 * words go through the same functions, so they always agree. It sits below corpus/, search/ and
 * answer/ (it imports only the vocabulary), so every layer can use it.
 */
import { stem } from 'porter2';
import { stopWordList } from '../vocabulary/vocabulary.ts';

/** A word of the source text with its verbatim offsets. */
export interface Token {
  start: number;
  end: number;
  /** Lower-cased, diacritic-folded surface form. */
  word: string;
  /** The term it indexes as, or null for a stop word. */
  term: string | null;
}

const STOP_WORDS = new Set<string>(stopWordList('en'));

// Letters and digits; an inner apostrophe or a single-letter hyphen prefix (`e-mail`) stays in the word.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Lower case, then drop combining marks so `Aragó` and `arago` meet. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  // Fast path: plain ASCII needs no decomposition.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return lower.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/’/g, "'");
}

const stemCache = new Map<string, string>();

/** Porter2 stem of a bare word (letters a-z only are stemmed; anything else is its own stem). */
function stemBare(bare: string): string {
  let stemmed = stemCache.get(bare);
  if (stemmed === undefined) {
    stemmed = /^[a-z]+$/.test(bare) ? stem(bare) : bare;
    if (stemCache.size < 200_000) stemCache.set(bare, stemmed);
  }
  return stemmed;
}

/** The index term for a folded word, or null when the word carries no meaning for search. */
export function termOf(folded: string): string | null {
  const bare = folded.replace(/'s$/, '').replace(/'/g, '');
  if (bare.length === 0 || STOP_WORDS.has(bare) || STOP_WORDS.has(folded)) return null;
  // Single characters (list markers, initials) are noise; numbers are kept (periods, article numbers).
  if (bare.length === 1 && !/\d/.test(bare)) return null;
  return stemBare(bare);
}

/**
 * The stem a folded word has whether or not it is a stop word: what `termOf` would give it if
 * it were not one ("gets" → `get`, though "get" is a stop word).
 */
export function stemOf(folded: string): string {
  return stemBare(folded.replace(/'s$/, '').replace(/'/g, ''));
}

/**
 * Surface form → folded word and term, for the words seen so far: the same few thousand words
 * make up every policy, and remembering them saves the folding and stemming and lets every token
 * of the corpus share one copy of each word's strings (a large part of a document's analysis).
 */
const wordCache = new Map<string, { word: string; term: string | null }>();
const WORD_CACHE_SIZE = 200_000;

function readWord(surface: string): { word: string; term: string | null } {
  let known = wordCache.get(surface);
  if (known === undefined) {
    const word = foldWord(surface);
    known = { word, term: termOf(word) };
    if (wordCache.size < WORD_CACHE_SIZE) wordCache.set(surface, known);
  }
  return known;
}

/** Every word of `text[from, to)`, with offsets into `text`. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const m of slice.matchAll(WORD)) {
    let start = from + (m.index ?? 0);
    const read = readWord(m[0]);
    let word = read.word;
    let term = read.term;
    // `e-mail` and `E-Mail` are one word, as a question writes it either way.
    if (word === 'mail' && start >= 2 && text[start - 1] === '-' && /e/i.test(text[start - 2] ?? '')) {
      const prev = tokens.at(-1);
      if (prev && prev.end === start - 1 && prev.word === 'e') tokens.pop();
      start -= 2;
      word = 'email';
      term = termOf(word);
    }
    tokens.push({ start, end: from + (m.index ?? 0) + m[0].length, word, term });
  }
  return tokens;
}

/** The terms of a text, stop words dropped: the `processTerm` side of the index. */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const t of tokenize(text)) if (t.term !== null) terms.push(t.term);
  return terms;
}
