/** `GET /v1/search?q=&limit=&documentId=` → `{query, results: SearchHit[]}`. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CodedError } from '../../errors.ts';
import { SearchQuery, SearchResponse } from '../../protocol/http.ts';
import { normaliseQuestion } from '../../protocol/question.ts';
import type { AppDeps } from '../deps.ts';
import { searchClauses } from '../../answer/search-hits.ts';

export const searchRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { indexHolder }) => {
  app.get('/v1/search', { config: { access: 'api' }, schema: { querystring: SearchQuery, response: { 200: SearchResponse } } }, async (req) => {
    const { limit, documentId } = req.query;
    const query = normaliseQuestion(req.query.q);
    if (query.length === 0) throw new CodedError('invalid_query', 'q is empty');
    const index = indexHolder.get();
    if (!index) throw new CodedError('not_ready');
    if (documentId !== undefined && !index.getDocument(documentId)) {
      throw new CodedError('unknown_document', `"${documentId.slice(0, 64)}"`);
    }
    const results = searchClauses(index, query, { limit, ...(documentId !== undefined ? { documentId } : {}) });
    return { query, results };
  });
};
