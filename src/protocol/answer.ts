/**
 * Zod schemas of the public answer and search-hit objects (the shapes in `src/answer/types.ts`
 * and `src/search/clause-index.ts`), used to serialise HTTP responses and to build WebSocket
 * messages. Output schemas are plain (non-strict) objects: serialising strips any field that is
 * not part of the public contract.
 */
import { z } from 'zod';
import type { Answer, Citation } from '../answer/types.ts';

const Range = z.tuple([z.number().int(), z.number().int()]);

export const CitationSchema = z.object({
  documentId: z.string(),
  clauseId: z.string(),
  heading: z.string(),
  excerpt: z.string().describe('Verbatim text of the document: text.slice(start, end)'),
  start: z.number().int(),
  end: z.number().int(),
  score: z.number(),
  highlights: z.array(Range).describe('Matched terms as [start, end) ranges relative to excerpt'),
});

export const AnswerSchema = z.object({
  text: z.string(),
  answerable: z.boolean(),
  verdict: z.enum(['yes', 'no', 'conditional', 'not_stated']).nullable(),
  confidence: z.number(),
  citations: z.array(CitationSchema),
});

export const SearchHitSchema = z.object({
  documentId: z.string(),
  clauseId: z.string(),
  heading: z.string(),
  score: z.number(),
  excerpt: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  highlights: z.array(Range),
});

export type PublicAnswer = z.infer<typeof AnswerSchema>;
export type PublicCitation = z.infer<typeof CitationSchema>;
export type PublicSearchHit = z.infer<typeof SearchHitSchema>;

function publicCitation(c: Citation): PublicCitation {
  return {
    documentId: c.documentId,
    clauseId: c.clauseId,
    heading: c.heading,
    excerpt: c.excerpt,
    start: c.start,
    end: c.end,
    score: c.score,
    highlights: c.highlights.map(([s, e]) => [s, e] as [number, number]),
  };
}

/** Exactly the public fields of an answer (whatever else the answer module attaches). */
export function publicAnswer(a: Answer): PublicAnswer {
  return {
    text: a.text,
    answerable: a.answerable,
    verdict: a.verdict,
    confidence: a.confidence,
    citations: a.citations.map(publicCitation),
  };
}

/**
 * `JSON.stringify(publicAnswer(a))`, remembered per answer object: an answer served again from
 * the answer cache (src/answer/answerer.ts, the same frozen object) is serialised once.
 */
const serialised = new WeakMap<Answer, string>();

export function answerJson(a: Answer): string {
  let json = serialised.get(a);
  if (json === undefined) {
    json = JSON.stringify(publicAnswer(a));
    if (Object.isFrozen(a)) serialised.set(a, json);
  }
  return json;
}

/** `,"answer":<answer JSON>}` as UTF-8, remembered per (frozen) answer like `answerJson`. */
const messageTails = new WeakMap<Answer, Buffer>();

/**
 * The WebSocket `answer` message (protocol/ws.ts `AnswerMessage`) as UTF-8 bytes, built around
 * the remembered answer instead of serialising and encoding the whole message again.
 */
export function answerMessage(id: string, a: Answer): Buffer {
  let tail = messageTails.get(a);
  if (tail === undefined) {
    tail = Buffer.from(`,"answer":${answerJson(a)}}`);
    if (Object.isFrozen(a)) messageTails.set(a, tail);
  }
  const head = Buffer.from(`{"type":"answer","id":${JSON.stringify(id)}`);
  return Buffer.concat([head, tail], head.length + tail.length);
}

/** The last `POST /v1/ask` body built for each (frozen) answer, with the conversation id in it. */
const askBodies = new WeakMap<Answer, { conversationId: string; body: Buffer }>();

/**
 * The `POST /v1/ask` response (protocol/http.ts `AskResponse`: the answer and its
 * `conversationId`) as UTF-8 bytes. Remembered per answer while the id stays the same: the
 * conversation store hands out one id per remembered opening context and second, so a popular
 * first question is encoded once a second, not once a request.
 */
export function askResponseBody(a: Answer, conversationId: string): Buffer {
  const known = askBodies.get(a);
  if (known !== undefined && known.conversationId === conversationId) return known.body;
  const json = answerJson(a);
  const body = Buffer.from(`${json.slice(0, -1)},"conversationId":${JSON.stringify(conversationId)}}`);
  if (Object.isFrozen(a)) askBodies.set(a, { conversationId, body });
  return body;
}
