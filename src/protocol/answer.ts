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
 * The public answer as JSON, UTF-8 encoded, as it is sent over the WebSocket (`answerMessage` in
 * ws.ts). The server edge's answer cache keeps it with a remembered answer: serialising and
 * encoding a 1 KB answer for every ask cost more server time than the rest of a remembered ask
 * (docs/benchmarks.md).
 */
export function publicAnswerJson(a: Answer): Buffer {
  return Buffer.from(JSON.stringify(publicAnswer(a)), 'utf8');
}
