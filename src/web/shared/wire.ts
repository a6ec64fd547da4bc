/**
 * The wire shapes the browser code reads, taken from the zod schemas in src/protocol/ (the
 * server's contract, docs/protocol.md). Type-only: nothing of zod or the server reaches the
 * bundles (scripts/build-web.mjs fails if a bundle pulls in a file outside src/web/).
 */
import type { PublicAnswer, PublicCitation, PublicSearchHit } from '../../protocol/answer.ts';
import type { DocumentResponse, DocumentsResponse, ErrorResponse, SearchResponse } from '../../protocol/http.ts';
import type { ServerMessage } from '../../protocol/ws.ts';
import type { FactsResponse } from '../../protocol/facts.ts';

export type Answer = PublicAnswer;
export type Citation = PublicCitation;
export type SearchHit = PublicSearchHit;
export type Verdict = NonNullable<Answer['verdict']>;
/** [start, end) offsets into an excerpt's text. */
export type Range = Citation['highlights'][number];
export type PolicyDocument = DocumentResponse;
export type ClauseSummary = DocumentResponse['clauses'][number];
export type DocumentSummary = DocumentsResponse['documents'][number];
export type ErrorBody = ErrorResponse['error'];
export type { DocumentsResponse, FactsResponse, SearchResponse, ServerMessage };
export type ReadyMessage = Extract<ServerMessage, { type: 'ready' }>;
