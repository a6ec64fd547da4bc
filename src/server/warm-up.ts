/**
 * Warm-up after the index is built, so the first real questions do not pay for first use.
 *
 * Cold, the first answer costs ~50–300 ms: V8 compiles the answer code, regexes and
 * Intl.Segmenter are set up, and the document's sentence analysis is computed. `warmUpAnswers`
 * runs questions that go through every answer strategy (on the first document and across all),
 * then repeats them over the following documents until V8 has optimised the answer code, before
 * the server reports ready; `analyseInBackground` then prepares documents ahead of
 * their first question, a few milliseconds at a time between requests, while the analysis
 * cache has room (it never evicts what real questions put there). Preparing a document means
 * answering one question about it: that computes its sentence analysis and whatever else the
 * answerer derives from a document on first use (entity records, sentence countries, ...),
 * whatever that comes to be.
 */
import { performance } from 'node:perf_hooks';
import { answerQuestion } from '../answer/answer-question.ts';
import type { ClauseIndex } from '../search/clause-index.ts';

/** One question per answer path: transfers, entities and contacts, retention, listings, general. */
export const WARM_UP_QUESTIONS = [
  'Is my data transferred to the USA?',
  'What about Japan?',
  'Who can I contact about my data protection rights?',
  'How long do you keep my data?',
  'Which companies belong to the group?',
  'Do you sell my personal data?',
  'Welche Rechte habe ich?',
];

export interface WarmUpOptions {
  /** Answers to compute in all (config `WARM_UP_ANSWERS`); at least one pass over every path. Default `defaultWarmUpAnswers`. */
  answers?: number;
  /** Stop repeating after this long, whatever `answers` says (a slow machine). Default `defaultWarmUpBudgetMs`. */
  budgetMs?: number;
}

/**
 * One pass over every answer path compiles it, but V8 keeps optimising over the first thousand or
 * so answers. A fresh server answering 1,000 computed asks one at a time (100 documents) had a
 * p99 round trip of 4.3–4.9 ms over its first 1,000, against 2.8–3.0 ms after 2,000 warm-up
 * answers (~0.65 s more before ready); the answers themselves were no slower, the time went to
 * compiling between them. Before ready no visitor waits for it.
 */
export const defaultWarmUpAnswers = 2000;
export const defaultWarmUpBudgetMs = 2000;

/**
 * Answers the warm-up questions: every answer path on the first document and across all, then
 * the same conversation over the following documents in turn, until `answers` answers or
 * `budgetMs` (synchronous). Returns the time taken and the answers computed.
 */
export function warmUpAnswers(index: ClauseIndex, options: WarmUpOptions = {}): { ms: number; answers: number } {
  const started = performance.now();
  const limit = options.answers ?? defaultWarmUpAnswers;
  const deadline = started + (options.budgetMs ?? defaultWarmUpBudgetMs);
  const documents = index.listDocuments();
  let answers = 0;
  const conversation = (scope: { documentId?: string }) => {
    let context = null;
    for (const question of WARM_UP_QUESTIONS) {
      context = answerQuestion(index, question, { ...scope, context }).context;
      answers++;
    }
  };
  if (documents.length > 0) {
    conversation({ documentId: documents[0]!.id });
    conversation({});
    index.search('transfer', { limit: 3 });
    for (let i = 1; answers < limit && performance.now() < deadline; i++) {
      conversation({ documentId: documents[i % documents.length]!.id });
    }
  }
  return { ms: performance.now() - started, answers };
}

export interface BackgroundOptions {
  /** Stop early (e.g. when the server is closing). */
  stop?: () => boolean;
  /** Longest stretch of work between two yields to the event loop. Default 8 ms. */
  sliceMs?: number;
}

/**
 * Analyses documents in order until all are analysed or the cache is full, yielding to the event
 * loop every `sliceMs`, so requests are served in between. Resolves with what it did.
 */
export async function analyseInBackground(index: ClauseIndex, options: BackgroundOptions = {}): Promise<{ documents: number; ms: number }> {
  const started = performance.now();
  const sliceMs = options.sliceMs ?? 8;
  const documents = index.listDocuments();
  let analysed = 0;
  let i = 0;
  while (i < documents.length) {
    await new Promise((resolve) => setImmediate(resolve));
    if (options.stop?.()) break;
    const sliceEnd = performance.now() + sliceMs;
    let full = false;
    while (i < documents.length && performance.now() < sliceEnd) {
      const id = documents[i]!.id;
      if (!index.warm(id)) {
        full = true;
        break;
      }
      answerQuestion(index, WARM_UP_QUESTIONS[0]!, { documentId: id });
      analysed++;
      i++;
    }
    if (full) break;
  }
  return { documents: analysed, ms: performance.now() - started };
}
