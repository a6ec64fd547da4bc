/** `GET /healthz` (process is up) and `GET /readyz` (index built: 200, else 503; `empty` when no policy is loaded). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HealthResponse, NotReadyResponse, ReadyResponse } from '../../protocol/http.ts';
import type { AppDeps } from '../deps.ts';

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { indexHolder }) => {
  app.get('/healthz', { config: { access: 'public' }, schema: { response: { 200: HealthResponse } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { response: { 200: ReadyResponse, 503: NotReadyResponse } } },
    async (_req, reply) => {
      const index = indexHolder.get();
      if (!index || !indexHolder.ready) return reply.code(503).send({ status: 'not_ready' });
      const documents = index.documentCount;
      return { status: 'ready' as const, documents, clauses: index.clauseCount, empty: documents === 0 };
    },
  );
};
