/**
 * Builds the Fastify app (not listening): zod validation/serialisation, one error handler that
 * answers every failure as `{error: {code, message}}` with the status from `src/errors.ts`,
 * the HTTP routes and the WebSocket chat.
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyReply } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { CodedError, ERRORS, errorBody, type ErrorBody, type ErrorCode } from '../errors.ts';
import type { ClauseIndex } from '../search/clause-index.ts';
import { chatRoutes } from './chat.ts';
import { MemoryConversationStore, type ConversationStore } from './conversation-store.ts';
import type { AppDeps } from './deps.ts';
import { IndexHolder } from './index-holder.ts';
import { createLogger } from './logger.ts';
import { askRoutes } from './routes/ask.ts';
import { documentRoutes } from './routes/documents.ts';
import { healthRoutes } from './routes/health.ts';
import { searchRoutes } from './routes/search.ts';

export interface BuildAppOptions {
  config: Config;
  /** The index, or null while it is being built. Pass an `IndexHolder` to swap it in later. */
  index: ClauseIndex | IndexHolder | null;
  /** A pino logger; by default one at `config.logLevel` writing to stdout. */
  logger?: Logger;
  /** Where HTTP conversations are kept; by default in memory. */
  conversations?: ConversationStore;
}

/** HTTP body limit: room for a maximal question even if every character is JSON-escaped. */
export function bodyLimit(config: Config): number {
  return Math.max(16 * 1024, config.maxQuestionLength * 6 + 4096);
}

export async function buildApp(options: BuildAppOptions) {
  const { config } = options;
  const indexHolder = options.index instanceof IndexHolder ? options.index : new IndexHolder(options.index);
  const deps: AppDeps = {
    config,
    indexHolder,
    conversations: options.conversations ?? new MemoryConversationStore(),
  };

  const app = Fastify({
    loggerInstance: options.logger ?? createLogger(config),
    bodyLimit: bodyLimit(config),
    // Room for the longest document id (256) in `/v1/documents/:id`.
    routerOptions: { maxParamLength: 512 },
    // Errors the router raises before any route runs (bad URL encoding, over-long params).
    frameworkErrors(err, req, reply) {
      const { status, body } = toErrorResponse(err);
      req.log.info({ code: body.code }, 'request rejected');
      // (frameworkErrors is generic over the route's schema; this reply has none.)
      void (reply as unknown as FastifyReply).code(status).send({ error: body });
    },
  }).withTypeProvider<ZodTypeProvider>();

  // JSON only: without this, a text/plain body would reach the routes as a string.
  app.removeContentTypeParser('text/plain');

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: body.code }, 'request rejected');
    return reply.code(status).send({ error: body });
  });

  app.setNotFoundHandler((req, reply) => {
    return reply.code(404).send({ error: errorBody('not_found', `no route ${req.method} ${pathOf(req.url)}`) });
  });

  await app.register(websocket, {
    options: { maxPayload: config.wsMaxPayload },
    // Errors on an established socket (e.g. a frame over maxPayload): `ws` has already begun
    // the closing handshake with the right code (1009); terminating here would lose it.
    errorHandler(error, socket, req) {
      req.log.warn({ err: error }, 'websocket error');
      if (socket.readyState === socket.OPEN) socket.close(1011, 'internal error');
    },
  });

  await app.register(healthRoutes, deps);
  await app.register(askRoutes, deps);
  await app.register(searchRoutes, deps);
  await app.register(documentRoutes, deps);
  await app.register(chatRoutes({ config, indexHolder }));

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).slice(0, 200);
}

/** Fastify's own error codes → ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_NOT_FOUND: 'not_found',
  FST_ERR_BAD_URL: 'not_found',
  FST_ERR_MAX_PARAM_LENGTH: 'not_found',
};

/** Other 4xx statuses (from plugins such as rate limiting or auth) → ours. */
const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

const VALIDATION_CODES: Record<string, ErrorCode> = {
  body: 'invalid_body',
  querystring: 'invalid_query',
  params: 'not_found',
  headers: 'invalid_body',
};

export function toErrorResponse(err: FastifyError): { status: number; body: ErrorBody } {
  if (err instanceof CodedError) return { status: err.statusCode, body: err.toBody() };

  if (err.validation) {
    const code = VALIDATION_CODES[err.validationContext ?? 'body'] ?? 'invalid_body';
    const detail = hasZodFastifySchemaValidationErrors(err)
      ? err.validation
          .slice(0, 3)
          .map((v) => `${v.instancePath === '/' ? '' : `${v.instancePath.slice(1).replaceAll('/', '.')}: `}${v.message}`)
          .join('; ')
      : err.message;
    return { status: ERRORS[code].status, body: errorBody(code, detail) };
  }

  const mapped = (err.code && FASTIFY_CODES[err.code]) || (err.statusCode && STATUS_CODES[err.statusCode]);
  if (mapped) return { status: ERRORS[mapped].status, body: errorBody(mapped) };

  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: ERRORS.invalid_body.status, body: errorBody('invalid_body') };
  }
  return { status: 500, body: errorBody('internal_error') };
}
