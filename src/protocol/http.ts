/**
 * Zod schemas of every HTTP body, query, params and response (see docs/protocol.md).
 * Inputs are strict (unknown keys → 400); outputs are plain objects (extra fields stripped).
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';
import { AnswerSchema, SearchHitSchema } from './answer.ts';
import { DocumentId } from './ws.ts';

// --- errors ------------------------------------------------------------------------------

export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES as [string, ...string[]]),
    message: z.string(),
    retryAfterMs: z.number().int().nonnegative().optional().describe('With rate_limited: when a retry can succeed'),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

// --- health ------------------------------------------------------------------------------

export const HealthResponse = z.object({ status: z.literal('ok') });

export const ReadyResponse = z.object({
  status: z.literal('ready'),
  documents: z.number().int().describe('Number of loaded documents'),
  clauses: z.number().int().describe('Number of indexed clauses'),
  empty: z
    .boolean()
    .describe('True when no policy is loaded (the corpus folder holds no loadable document): the server runs, but every question is unanswerable'),
});
export const NotReadyResponse = z.object({ status: z.literal('not_ready') });

// --- POST /v1/ask --------------------------------------------------------------------------

/** A signed conversation token (src/server/conversation-store.ts), at most 4096 characters. */
export const ConversationId = z.string().min(1).max(4096);

export const AskBody = z.strictObject({
  question: z.string().describe('The question; trimmed, NFC-normalised, invisible characters removed'),
  documentId: DocumentId.optional(),
  conversationId: ConversationId.optional().describe(
    'From a previous response, to ask a follow-up; unknown or expired ids start a new conversation',
  ),
});
export type AskBody = z.infer<typeof AskBody>;

export const AskResponse = AnswerSchema.extend({
  conversationId: ConversationId.describe('Send it back with the next question to continue this conversation'),
});
export type AskResponse = z.infer<typeof AskResponse>;

// --- GET /v1/search ------------------------------------------------------------------------

export const SearchQuery = z.strictObject({
  q: z.string().min(1).max(1000),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  documentId: DocumentId.optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchResponse = z.object({
  query: z.string().describe('The query as searched (normalised)'),
  results: z.array(SearchHitSchema),
});
export type SearchResponse = z.infer<typeof SearchResponse>;

// --- GET /v1/documents, GET /v1/documents/:id ------------------------------------------------

const DocumentFormat = z.enum(['text', 'markdown', 'html', 'pdf', 'docx']);

export const DocumentDateSchema = z.object({
  text: z.string().describe('The date as the policy writes it'),
  iso: z.string().nullable().describe('YYYY-MM-DD when the date is complete and unambiguous'),
});

/** The policy's own dates (additive fields; null when the policy states none). */
const DocumentDates = {
  lastUpdated: DocumentDateSchema.nullable().describe('"Last updated …" (front matter or text), or a bare date under the title'),
  effective: DocumentDateSchema.nullable().describe('"Effective …" (front matter or text)'),
};

export const DocumentSummary = z.object({
  id: z.string(),
  title: z.string().nullable(),
  format: DocumentFormat,
  ...DocumentDates,
  clauses: z.number().int().describe('Number of clauses'),
  warnings: z.number().int().describe('Number of load warnings'),
});

export const DocumentsResponse = z.object({ documents: z.array(DocumentSummary) });
export type DocumentsResponse = z.infer<typeof DocumentsResponse>;

export const DocumentParams = z.strictObject({ id: DocumentId });

export const ClauseSummary = z.object({
  id: z.string(),
  heading: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  parentId: z.string().nullable(),
  depth: z.number().int(),
  source: z
    .object({ start: z.number().int(), end: z.number().int(), line: z.number().int().describe('1-based line of start in the file') })
    .nullable()
    .describe('Where the clause was written in the original file (offsets into the file as read); null for PDF and Word'),
});

export const WarningSchema = z.object({
  code: z.string(),
  level: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  clauseId: z.string().optional(),
  start: z.number().int().optional(),
  end: z.number().int().optional(),
});

export const DocumentResponse = z.object({
  id: z.string(),
  title: z.string().nullable(),
  format: DocumentFormat,
  ...DocumentDates,
  text: z.string().describe('The clean reading text (no markup); every offset refers to it'),
  clauses: z.array(ClauseSummary),
  warnings: z.array(WarningSchema),
});
export type DocumentResponse = z.infer<typeof DocumentResponse>;
