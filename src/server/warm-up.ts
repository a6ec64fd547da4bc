/**
 * Warm-up after the index is built, so the first real questions do not pay for first use.
 *
 * Cold, the first answer costs ~50–300 ms: V8 compiles the answer code, regexes and
 * Intl.Segmenter are set up, and the document's sentence analysis is computed. `warmUpAnswers`
 * runs a few questions that go through every answer strategy (on the first document and across
 * all) before the server reports ready; `analyseInBackground` then prepares documents ahead of
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

/** Answers the warm-up questions (synchronous; ~100–300 ms cold). Returns the time taken. */
export function warmUpAnswers(index: ClauseIndex): { ms: number; answers: number } {
  const started = performance.now();
  const first = index.listDocuments()[0];
  let answers = 0;
  if (first) {
    for (const scope of [{ documentId: first.id }, {}]) {
      let context = null;
      for (const question of WARM_UP_QUESTIONS) {
        context = answerQuestion(index, question, { ...scope, context }).context;
        answers++;
      }
    }
    index.search('transfer', { limit: 3 });
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
