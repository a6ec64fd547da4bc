/** `GET /v1/documents/:id/facts`: the document's policy model, each fact with its verbatim excerpt. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { policyModel } from '../../answer/model/store.ts';
import type { FactSpan } from '../../answer/model/types.ts';
import { CodedError } from '../../errors.ts';
import { FactsResponse } from '../../protocol/facts.ts';
import { DocumentParams } from '../../protocol/http.ts';
import type { AppDeps } from '../deps.ts';

export const factRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { indexHolder }) => {
  app.get(
    '/v1/documents/:id/facts',
    { schema: { params: DocumentParams, response: { 200: FactsResponse } } },
    async (req) => {
      const index = indexHolder.get();
      if (!index) throw new CodedError('not_ready');
      const doc = index.getDocument(req.params.id);
      const model = doc ? policyModel(index, doc.id) : null;
      if (!doc || !model) throw new CodedError('unknown_document', `"${req.params.id.slice(0, 64)}"`);
      const withExcerpt = <T extends { span: FactSpan }>(f: T) => ({ ...f, span: { ...f.span, excerpt: doc.text.slice(f.span.start, f.span.end) } });
      return {
        documentId: model.documentId,
        identities: model.identities,
        parties: model.parties.map(withExcerpt),
        contacts: model.contacts.map(withExcerpt),
        transfers: model.transfers.map(withExcerpt),
        retention: model.retention.map(withExcerpt),
        rights: model.rights.map(withExcerpt),
        disclosures: model.disclosures.map(withExcerpt),
        children: model.children.map(withExcerpt),
        tracking: model.tracking.map(withExcerpt),
        security: model.security.map(withExcerpt),
      };
    },
  );
};
