/**
 * Compile-time check, run by `tsc --noEmit` in `npm test` (tap finds no tests here): the shapes
 * the browser code declares for itself (src/web/protocol.d.ts, ambient, its own build) are the
 * shapes the server sends (the zod schemas of src/protocol/). A field renamed or retyped on one
 * side and not the other fails the type check.
 */
/// <reference path="../../src/web/protocol.d.ts" />
import type { PublicAnswer, PublicCitation, PublicSearchHit } from '../../src/protocol/answer.ts';
import type { DocumentResponse, DocumentsResponse, SearchResponse } from '../../src/protocol/http.ts';
import type { ServerMessage } from '../../src/protocol/ws.ts';

/** True only when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** True when every value of A is a value of B (what the server sends is what the browser reads). */
type Fits<A, B> = [A] extends [B] ? true : false;

export const browserTypesMatchServer: {
  answer: Same<PqaAnswer, PublicAnswer>;
  citation: Same<PqaCitation, PublicCitation>;
  searchHit: Same<PqaSearchHit, PublicSearchHit>;
  searchHits: Fits<SearchResponse['results'][number], PqaSearchHit>;
  documentSummary: Fits<DocumentsResponse['documents'][number], PqaDocumentSummary>;
  document: Fits<DocumentResponse, PqaDocument>;
  serverMessage: Fits<ServerMessage, PqaServerMessage>;
} = { answer: true, citation: true, searchHit: true, searchHits: true, documentSummary: true, document: true, serverMessage: true };
