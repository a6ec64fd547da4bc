/**
 * Warm-up after the index is built, so the first real questions do not pay for first use.
 *
 * Cold, the first answer costs ~50–300 ms: V8 compiles the answer code, regexes and
 * Intl.Segmenter are set up, and the document's sentence analysis is computed. `warmUpAnswers`
 * runs questions that go through every answer strategy (on the first document and across all),
 * then repeats them over the following documents (one pass, at most WARM_UP_MS) before the
 * server reports ready; `analyseInBackground` then prepares documents ahead of
 * their first question, a few milliseconds at a time between requests, while the analysis
 * cache has room (it never evicts what real questions put there). Preparing a document means
 * answering one question about it: that computes its sentence analysis and whatever else the
 * answerer derives from a document on first use (entity records, sentence countries, ...),
 * whatever that comes to be.
 */
import { performance } from 'node:perf_hooks';
import { answerQuestion } from '../answer/answer-question.ts';
import { CUE_NAMES, hasCue } from '../answer/cues.ts';
import { prepareDocument } from '../answer/analysis-store.ts';
import { searchClauses } from '../answer/search-hits.ts';
import type { ClauseIndex } from '../search/clause-index.ts';
import type { WebSocket } from 'ws';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * One question per answer path: transfers, entities and contacts, retention, listings, general;
 * then the paths a first visitor's question takes that those do not (the policy model's facts,
 * rights with their contact, verdicts over lists, other languages, chat spelling, declines), so
 * none of them is compiled inside a visitor's first question.
 */
export const WARM_UP_QUESTIONS = [
  'Is my data transferred to the USA?',
  'What about Japan?',
  'Who can I contact about my data protection rights?',
  'How long do you keep my data?',
  'Which companies belong to the group?',
  'Do you sell my personal data?',
  'Welche Rechte habe ich?',
  'Who is the data controller?',
  'Can I get my data deleted?',
  'Do you share my data with third parties?',
  'Do you use cookies?',
  'What is the legal basis for processing my data?',
  'Which service providers do you use?',
  'Can a 12 year old use the service?',
  'do u store my ip address',
  'Puis-je accéder à mes données ?',
  '¿Usan mis datos para publicidad?',
  'What is the weather tomorrow?',
];

/**
 * After the first pass, small corpora go on answering the warm-up conversations (cycling over the
 * documents) until this many answers in all, within the time budget: a pass over one document is
 * a few dozen answers, too few for V8 to optimise the answer code, and the first visitors then
 * paid for it (first-pass p95 about twice the second's). ~0.3–0.6 s on an idle machine.
 */
const REPEAT_ANSWERS = 400;

export interface WarmUpOptions {
  /** Stop after this long (config `WARM_UP_MS`), whatever is left of the pass. Default `defaultWarmUpBudgetMs`. */
  budgetMs?: number;
  /** Longest stretch of work between two yields to the event loop. Default 10 ms. */
  sliceMs?: number;
  /** Stop early (e.g. when the server is closing). */
  stop?: () => boolean;
  /** Answers in all before the warm-up ends early (the first pass always completes within the budget). Default `REPEAT_ANSWERS`. */
  repeatAnswers?: number;
}

/**
 * The warm-up is sized by time, not by a count of answers: one pass over the documents takes
 * 0.01 s for one document and minutes for ten thousand, and what the first visitors gain (V8
 * has compiled and begun optimising the answer code) comes in the first second or two.
 */
export const defaultWarmUpBudgetMs = 2000;

/**
 * Answers the warm-up questions: every answer path on the first document and across all, then
 * the same conversation over each following document (one pass), then, for small corpora, more
 * rounds until `repeatAnswers` answers in all; whatever is left stops at `budgetMs`. Yields to the event loop every `sliceMs`, so /healthz and signals are answered meanwhile.
 * Resolves with the time taken and the answers computed.
 */
export async function warmUpAnswers(index: ClauseIndex, options: WarmUpOptions = {}): Promise<{ ms: number; answers: number }> {
  const started = performance.now();
  const deadline = started + (options.budgetMs ?? defaultWarmUpBudgetMs);
  const sliceMs = options.sliceMs ?? 10;
  const documents = index.listDocuments();
  if (documents.length === 0) return { ms: 0, answers: 0 };
  // V8 compiles a regular expression on its first use; the cue lists' are large, and compiling
  // them all inside the first answer held the event loop for most of a second. One at a time.
  const sample = documents[0]!.text.slice(0, 2000);
  for (const name of CUE_NAMES) {
    hasCue(name, sample);
    await yieldToEventLoop();
  }
  /** One answer per step: a conversation on the first document, one across all, then one per following document. */
  function* steps(): Generator<void> {
    const conversation = function* (scope: { documentId?: string }) {
      let context = null;
      for (const question of WARM_UP_QUESTIONS) {
        context = answerQuestion(index, question, { ...scope, context }).context;
        yield;
      }
    };
    yield* conversation({ documentId: documents[0]!.id });
    yield* conversation({});
    searchClauses(index, 'transfer', { limit: 3 });
    for (let i = 1; i < documents.length; i++) yield* conversation({ documentId: documents[i]!.id });
    // Then round again (the documents in turn, and across all) until `repeatAnswers`.
    for (let round = 0; ; round++) {
      const i = round % (documents.length + 1);
      yield* conversation(i === documents.length ? {} : { documentId: documents[i]!.id });
    }
  }
  const firstPass = 2 * WARM_UP_QUESTIONS.length; // every answer path, whatever the budget
  // Enough: one pass over the documents and `repeatAnswers` in all, whichever is more.
  const enough = Math.max((documents.length + 1) * WARM_UP_QUESTIONS.length, options.repeatAnswers ?? REPEAT_ANSWERS);
  let answers = 0;
  const plan = steps(); // endless: the loop below decides when to stop
  // Whole conversations (a follow-up needs its context), at least the first pass, until the budget.
  const overBudget = () =>
    answers >= firstPass && answers % WARM_UP_QUESTIONS.length === 0 && (performance.now() >= deadline || answers >= enough);
  for (;;) {
    const sliceEnd = performance.now() + sliceMs;
    do {
      plan.next();
      answers++;
    } while (!overBudget() && performance.now() < sliceEnd);
    if (overBudget()) break;
    await yieldToEventLoop();
    if (options.stop?.()) break;
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
    await yieldToEventLoop();
    if (options.stop?.()) break;
    const sliceEnd = performance.now() + sliceMs;
    let full = false;
    while (i < documents.length && performance.now() < sliceEnd) {
      const id = documents[i]!.id;
      if (!prepareDocument(index, id)) {
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

/** What `warmUpChat` needs of the app: @fastify/websocket's public `injectWS`. */
export interface ChatInjector {
  injectWS(path: string, upgradeContext?: { headers?: Record<string, string> }): Promise<WebSocket>;
}

export interface ChatWarmUpOptions {
  /** Asks in all (the warm-up conversation, its documents in turn). Default `CHAT_WARM_UP_ASKS`. */
  asks?: number;
  /** Asks per socket, under the per-socket rate limit (`WS_ASK_BURST`). Default 10. */
  asksPerSocket?: number;
  /** Stop after this long, whatever is left. Default 1000 ms. */
  budgetMs?: number;
  /** Sent as `x-api-key` when the server requires API keys. */
  apiKey?: string;
  /** Stop early (e.g. when the server is closing). */
  stop?: () => boolean;
}

/** Asks of the WebSocket warm-up: well under the default per-client burst (`WS_IP_ASK_BURST`, 200). */
export const CHAT_WARM_UP_ASKS = 150;

/**
 * Asks through the answer path warm the answer code, but a visitor's ask also crosses the
 * WebSocket upgrade and frames, the frame checks, the answer cache, the reply's serialisation, the
 * ask's log line and metrics, all cold in a fresh process: measured with the shared runner against
 * a fresh server, the first pass over 15 asks had a p95 round trip of 10–17 ms while the server's
 * own answer time stayed under 2 ms, and 4–6 ms once 200 asks had crossed the socket first. So the
 * warm-up conversation is also asked over `/v1/chat` through `injectWS`, one ask at a time, a few
 * per socket (each socket has its own rate limit), before the server reports ready. Its upgrades
 * have no remote address, so the asks count against the "unknown" client's rate limit, never a
 * real client's; they are logged and counted like any other ask. An error reply (a rate limit
 * set lower than the warm-up) ends the warm-up.
 */
export async function warmUpChat(
  app: ChatInjector,
  documentIds: readonly string[],
  options: ChatWarmUpOptions = {},
): Promise<{ ms: number; asks: number }> {
  const started = performance.now();
  const deadline = started + (options.budgetMs ?? 1000);
  const total = options.asks ?? CHAT_WARM_UP_ASKS;
  const perSocket = Math.max(1, options.asksPerSocket ?? 10);
  let asks = 0;
  const more = () => asks < total && performance.now() < deadline && !options.stop?.();
  while (documentIds.length > 0 && more()) {
    const ws = await app.injectWS('/v1/chat', options.apiKey ? { headers: { 'x-api-key': options.apiKey } } : {});
    try {
      const replies = new Map<string, (type: string) => void>();
      ws.on('message', (data) => {
        const reply = JSON.parse(String(data)) as { id?: unknown; type?: unknown };
        if (typeof reply.id === 'string') replies.get(reply.id)?.(String(reply.type));
      });
      const closed = new Promise<string>((resolve) => ws.once('close', () => resolve('closed')));
      for (let onSocket = 0; onSocket < perSocket && more(); onSocket++) {
        const documentId = documentIds[Math.floor(asks / WARM_UP_QUESTIONS.length) % documentIds.length]!;
        const id = `warm-up-${asks}`;
        const replied = new Promise<string>((resolve) => replies.set(id, resolve));
        ws.send(JSON.stringify({ type: 'ask', id, question: WARM_UP_QUESTIONS[asks % WARM_UP_QUESTIONS.length]!, documentId }));
        if ((await Promise.race([replied, closed])) !== 'answer') return { ms: performance.now() - started, asks };
        replies.delete(id);
        asks++;
      }
    } finally {
      ws.terminate();
    }
  }
  return { ms: performance.now() - started, asks };
}
