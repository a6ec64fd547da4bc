/** `GET /healthz` (process is up) and `GET /readyz` (index built: 200, else 503). */
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
      if (!index) return reply.code(503).send({ status: 'not_ready' });
      return { status: 'ready' as const, documents: index.listDocuments().length, clauses: index.clauseCount };
    },
  );
};
