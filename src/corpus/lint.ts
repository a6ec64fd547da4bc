/**
 * The corpus linter: checks a loaded document for text that does not belong in it, and lays a
 * corpus out as a report (clause tree and problems per document) for `policy-qa lint`.
 * Pure: no file system, no server. `loadCorpus` adds `lintDocument`'s warnings to each document,
 * so `GET /v1/documents/:id` and the CLI report the same problems.
 *
 * Off-topic text (`off_topic_text`): a policy sometimes carries text pasted from elsewhere (the
 * seed has a blog post about backup software in clause C.1). Each clause's body, and each
 * paragraph of it, is reduced to its distinct content words (stemmed, stop words and proper
 * nouns left out); a word is *familiar* when it occurs in the rest of the document (outside the
 * clause) or in the privacy-policy vocabulary (`src/vocabulary/privacy-words.json`). Text of which only a
 * small share is familiar is reported. Short text (few content words) is never judged.
 */
import { termsOf, tokenize, type Token } from '../text/analyze.ts';
import { genericEnglishWords, privacyWords } from '../vocabulary/vocabulary.ts';
import { structureWarnings } from './structure-lint.ts';
import { lastAtOrBefore } from './sorted-search.ts';
import type { LoadedCorpus, LoadWarning, PolicyDocument, WarningLevel } from './types.ts';

export interface OffTopicOptions {
  /** Fewest distinct content words a text needs to be judged at all. */
  minWords: number;
  /** A clause body is off-topic when fewer than this share of its words are familiar. */
  clauseThreshold: number;
  /**
   * A clause is only judged as a whole when the rest of the document has at least this many
   * times its words: a clause that is most of the document has too little to be compared with.
   */
  clauseRestRatio: number;
  /** A paragraph (in an otherwise on-topic clause) is off-topic below this share. */
  paragraphThreshold: number;
}

export const defaultOffTopicOptions: OffTopicOptions = {
  minWords: 12,
  clauseThreshold: 0.25,
  clauseRestRatio: 2,
  paragraphThreshold: 0.2,
};

/** Privacy-policy words as index terms (stemmed the way the text is). */
const DOMAIN = new Set<string>(privacyWords.flatMap((w) => termsOf(w)));

const GENERIC = new Set<string>(genericEnglishWords());

/**
 * A word the linter weighs: a term of the text analyzer (folded, stemmed, stop words dropped:
 * the one analysis search uses too) of letters only, at least three of them, and not a generic
 * English word (`genericEnglishWords`: too common to tell one topic from another).
 */
function isContentWord(t: Token): t is Token & { term: string } {
  if (t.term === null || /\d/.test(t.word)) return false;
  const bare = t.word.replace(/'s$/, '').replace(/'/g, '');
  return bare.length >= 3 && !GENERIC.has(bare);
}

/**
 * Distinct content-word stems of `text[start, end)`. A capitalised word that does not start a
 * sentence is taken for a name (a product, a company, a town) and left out: names say nothing
 * about whether the text is on topic.
 */
export function contentStems(text: string, start: number, end: number): Set<string> {
  const out = new Set<string>();
  const slice = text.slice(start, end);
  for (const t of tokenize(text, start, end)) {
    if (!isContentWord(t)) continue;
    const at = t.start - start;
    const before = slice.slice(Math.max(0, at - 3), at);
    const sentenceStart = at === 0 || /[.!?:;]["”’)]?\s+$|\n\s*$/.test(before) || /^\s*$/.test(slice.slice(0, at));
    if (!sentenceStart && /^\p{Lu}\p{Ll}/u.test(text.slice(t.start, t.end))) continue;
    out.add(t.term);
  }
  return out;
}

/** How one stretch of text scored: its words, and which of them are familiar. */
export interface TopicScore {
  words: number;
  familiar: number;
  /** familiar / words. */
  share: number;
  /** The unfamiliar words (stems), for the message. */
  unfamiliar: string[];
}

function score(stems: Set<string>, rest: Map<string, number>): TopicScore {
  const unfamiliar: string[] = [];
  let familiar = 0;
  for (const s of stems) {
    if (DOMAIN.has(s) || (rest.get(s) ?? 0) > 0) familiar++;
    else unfamiliar.push(s);
  }
  return { words: stems.size, familiar, share: stems.size ? familiar / stems.size : 1, unfamiliar };
}

export interface UnitScore extends TopicScore {
  clauseId: string;
  /** `clause` for a clause body, `paragraph` for one block of it. */
  unit: 'clause' | 'paragraph';
  start: number;
  end: number;
  /** Distinct content words in the text the unit is compared with. */
  restWords: number;
}

/** Stem → in how many units (blocks, headings, the title) it occurs. */
type Counts = Map<string, number>;

function without(counts: Counts, units: Array<Set<string>>): Counts {
  const rest = new Map(counts);
  for (const u of units) for (const s of u) rest.set(s, (rest.get(s) ?? 1) - 1);
  return rest;
}

/**
 * Scores every clause body (against the document without that clause) and every prose block
 * (against the document without that block), for the linter and for calibrating it.
 */
export function topicScores(doc: PolicyDocument): UnitScore[] {
  const { text } = doc;
  const counts: Counts = new Map();
  const add = (stems: Set<string>) => {
    for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
    return stems;
  };
  if (doc.title) add(contentStems(doc.title, 0, doc.title.length));
  const perClause = doc.clauses.map((c) => ({
    clause: c,
    heading: add(c.heading ? contentStems(c.heading, 0, c.heading.length) : new Set<string>()),
    blocks: c.blocks.map((b) => ({ block: b, stems: add(contentStems(text, b.start, b.end)) })),
  }));

  const out: UnitScore[] = [];
  for (const { clause, heading, blocks } of perClause) {
    const prose = blocks.filter((b) => b.block.kind !== 'lines');
    if (prose.length === 0) continue;
    const rest = without(counts, [heading, ...blocks.map((b) => b.stems)]);
    const body = new Set<string>();
    for (const b of prose) for (const s of b.stems) body.add(s);
    let restWords = 0;
    for (const n of rest.values()) if (n > 0) restWords++;
    out.push({
      clauseId: clause.id,
      unit: 'clause',
      start: prose[0]!.block.start,
      end: prose[prose.length - 1]!.block.end,
      restWords,
      ...score(body, rest),
    });
    for (const b of prose) {
      const restOfBlock = without(counts, [b.stems]);
      out.push({
        clauseId: clause.id,
        unit: 'paragraph',
        start: b.block.start,
        end: b.block.end,
        restWords: restWords + body.size,
        ...score(b.stems, restOfBlock),
      });
    }
  }
  return out;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function examples(unfamiliar: string[], text: string, start: number, end: number): string {
  // Show the words as written, not their stems.
  const shown: string[] = [];
  for (const t of tokenize(text, start, end)) {
    if (!isContentWord(t)) continue;
    const written = text.slice(t.start, t.end).toLowerCase();
    if (unfamiliar.includes(t.term) && !shown.includes(written)) shown.push(written);
    if (shown.length === 5) break;
  }
  return shown.map((w) => `"${w}"`).join(', ');
}

/**
 * Warnings the parser cannot see, for a parsed document: today `off_topic_text`. Returns new
 * warnings only (the caller appends them to `doc.warnings`).
 */
export function lintDocument(doc: PolicyDocument, options: Partial<OffTopicOptions> = {}): LoadWarning[] {
  const o = { ...defaultOffTopicOptions, ...options };
  const warnings: LoadWarning[] = structureWarnings(doc);
  const scores = topicScores(doc);
  const headingOf = new Map(doc.clauses.map((c) => [c.id, c.heading]));
  const offClauses = new Set<string>();

  for (const s of scores) {
    if (s.unit !== 'clause' || s.words < o.minWords || s.restWords < o.clauseRestRatio * s.words) continue;
    if (s.share >= o.clauseThreshold) continue;
    offClauses.add(s.clauseId);
    const heading = headingOf.get(s.clauseId);
    const repeats = doc.clauses.find((c) => c.id.startsWith(`${s.clauseId}~`));
    warnings.push({
      code: 'off_topic_text',
      level: 'warning',
      message:
        `The text of clause ${s.clauseId}${heading ? ` ("${heading}")` : ''} does not read like the rest of the policy: ` +
        `only ${percent(s.share)} of its ${s.words} content words occur elsewhere in the document or in privacy-policy ` +
        `vocabulary (unfamiliar: ${examples(s.unfamiliar, doc.text, s.start, s.end)}).` +
        (repeats ? ` Its heading repeats as ${repeats.id}, which may hold the text that belongs here.` : ''),
      file: doc.file,
      clauseId: s.clauseId,
      start: s.start,
      end: s.end,
    });
  }

  // Single paragraphs inside on-topic clauses; neighbours in the same clause merge into one warning.
  let run: UnitScore[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const words = run.reduce((n, r) => n + r.words, 0);
    const familiar = run.reduce((n, r) => n + r.familiar, 0);
    const unfamiliar = [...new Set(run.flatMap((r) => r.unfamiliar))];
    const what = run.length === 1 ? 'A paragraph' : `${run.length} paragraphs`;
    warnings.push({
      code: 'off_topic_text',
      level: 'warning',
      message:
        `${what} in clause ${first.clauseId} ${run.length === 1 ? 'does' : 'do'} not read like the rest of the policy: ` +
        `only ${percent(familiar / words)} of ${words} content words occur elsewhere in the document or in privacy-policy ` +
        `vocabulary (unfamiliar: ${examples(unfamiliar, doc.text, first.start, last.end)}).`,
      file: doc.file,
      clauseId: first.clauseId,
      start: first.start,
      end: last.end,
    });
    run = [];
  };
  for (const s of scores) {
    if (s.unit !== 'paragraph' || offClauses.has(s.clauseId)) continue;
    const off = s.words >= o.minWords && s.share < o.paragraphThreshold;
    if (!off || (run.length > 0 && run[0]!.clauseId !== s.clauseId)) flush();
    if (off) run.push(s);
  }
  flush();
  return warnings;
}

// --- the report ------------------------------------------------------------------------------

export interface LintProblem {
  code: string;
  /** Set on file-level problems (`LintReport.files`). */
  file?: string;
  level: WarningLevel;
  message: string;
  clauseId?: string;
  start?: number;
  end?: number;
  /** 1-based line of `start` in the document text (for .txt/.md: in the file). */
  line?: number;
}

export interface LintClause {
  id: string;
  heading: string;
  depth: number;
  parentId: string | null;
  start: number;
  end: number;
  line: number;
}

export interface LintDocumentReport {
  id: string;
  file: string;
  format: PolicyDocument['format'];
  title: string | null;
  clauses: LintClause[];
  problems: LintProblem[];
}

export interface LintReport {
  /** False when any problem (or file error) is at level `error`. */
  ok: boolean;
  counts: Record<WarningLevel, number>;
  documents: LintDocumentReport[];
  /** Files that could not be loaded at all, and ignored files. */
  files: LintProblem[];
}

/** 1-based line numbers of offsets into `text`. */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => lastAtOrBefore(starts, offset) + 1;
}

/** A warning's public fields (the lint report, `GET /v1/documents/:id`), the optional ones only when set. */
export function warningFields(w: LoadWarning) {
  return {
    code: w.code,
    level: w.level,
    message: w.message,
    ...(w.clauseId !== undefined ? { clauseId: w.clauseId } : {}),
    ...(w.start !== undefined ? { start: w.start } : {}),
    ...(w.end !== undefined ? { end: w.end } : {}),
  };
}

function problemOf(w: LoadWarning, lineOf?: (offset: number) => number): LintProblem {
  return { ...warningFields(w), ...(w.start !== undefined && lineOf ? { line: lineOf(w.start) } : {}) };
}

const LEVEL_ORDER: Record<WarningLevel, number> = { error: 0, warning: 1, info: 2 };

/** The whole corpus as a lint report: per document its clause tree and its problems in text order. */
export function lintReport(corpus: LoadedCorpus): LintReport {
  const counts: Record<WarningLevel, number> = { error: 0, warning: 0, info: 0 };
  const documents = corpus.documents.map((doc): LintDocumentReport => {
    const textLine = lineFinder(doc.text);
    // Lines are the file's: from the clause's source line where the text was rebuilt from markup.
    const clauseOf = new Map(doc.clauses.map((c) => [c.id, c]));
    const fileLine = (offset: number, clauseId?: string): number => {
      const c = clauseId === undefined ? undefined : clauseOf.get(clauseId);
      return c?.source ? c.source.line + textLine(Math.max(offset, c.start)) - textLine(c.start) : textLine(offset);
    };
    const problems = doc.warnings
      .map((w) => problemOf(w, (offset) => fileLine(offset, w.clauseId)))
      .sort((a, b) => (a.start ?? -1) - (b.start ?? -1) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
    for (const p of problems) counts[p.level]++;
    return {
      id: doc.id,
      file: doc.file,
      format: doc.format,
      title: doc.title,
      clauses: doc.clauses.map((c) => ({
        id: c.id,
        heading: c.heading,
        depth: c.depth,
        parentId: c.parentId,
        start: c.start,
        end: c.end,
        line: c.source?.line ?? textLine(c.start),
      })),
      problems,
    };
  });
  const files = corpus.errors.map((e) => ({ file: e.file, ...problemOf(e) }));
  for (const f of files) counts[f.level]++;
  return { ok: counts.error === 0, counts, documents, files };
}
