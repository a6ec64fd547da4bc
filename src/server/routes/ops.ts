/**
 * Operations: `GET /metrics` (Prometheus text format, this app's own registry) and
 * `GET /docs/openapi.json` (the OpenAPI 3.1 document of the HTTP API, generated from the zod
 * schemas of the routes). Neither appears in the OpenAPI document itself.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Metrics } from '../metrics.ts';

export interface OpsDeps {
  metrics: Metrics;
}

export const opsRoutes: FastifyPluginAsyncZod<OpsDeps> = async (app, { metrics }) => {
  app.get('/metrics', { config: { access: 'ops' }, schema: { hide: true } }, async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });

  app.get('/docs/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(app.swagger()));
  });
};
