/** `GET /v1/documents` (summaries) and `GET /v1/documents/:id` (text, clause outline, warnings). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { warningFields } from '../../corpus/lint.ts';
import { CodedError } from '../../errors.ts';
import { DocumentParams, DocumentResponse, DocumentsResponse } from '../../protocol/http.ts';
import type { AppDeps } from '../deps.ts';

export const documentRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { indexHolder }) => {
  app.get('/v1/documents', { config: { access: 'api' }, schema: { response: { 200: DocumentsResponse } } }, async () => {
    const index = indexHolder.get();
    if (!index) throw new CodedError('not_ready');
    return {
      documents: index.listDocuments().map((d) => ({
        id: d.id,
        title: d.title,
        format: d.format,
        lastUpdated: d.metadata?.lastUpdated ?? null,
        effective: d.metadata?.effective ?? null,
        clauses: d.clauses.length,
        warnings: d.warnings.length,
      })),
    };
  });

  app.get(
    '/v1/documents/:id',
    { config: { access: 'api' }, schema: { params: DocumentParams, response: { 200: DocumentResponse } } },
    async (req) => {
      const index = indexHolder.get();
      if (!index) throw new CodedError('not_ready');
      const doc = index.getDocument(req.params.id);
      if (!doc) throw new CodedError('unknown_document', 'no document with that id');
      return {
        id: doc.id,
        title: doc.title,
        format: doc.format,
        lastUpdated: doc.metadata?.lastUpdated ?? null,
        effective: doc.metadata?.effective ?? null,
        text: doc.text,
        clauses: doc.clauses.map((c) => ({
          id: c.id,
          heading: c.heading,
          start: c.start,
          end: c.end,
          parentId: c.parentId,
          depth: c.depth,
          source: c.source ?? null,
        })),
        warnings: doc.warnings.map(warningFields),
      };
    },
  );
};
