/**
 * Builds the Fastify app (not listening): zod validation/serialisation, one error handler that
 * answers every failure as `{error: {code, message}}` with the status from `src/errors.ts`,
 * the security layer (security.ts: headers, CORS, rate limit, origins, keys), the HTTP routes,
 * the WebSocket chat, metrics and the OpenAPI document, and the graceful shutdown of sockets.
 */
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyReply } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { CodedError, ERRORS, errorBody, type ErrorBody, type ErrorCode } from '../errors.ts';
import type { ClauseIndex } from '../search/clause-index.ts';
import { AnswerCache } from './answer-cache.ts';
import { ChatHub, chatRoutes } from './chat.ts';
import { ConnectionGuard, TIMEOUT_CHECK_MS, autoMaxConnections, descriptorLimit } from './connections.ts';
import { TokenConversationStore, type ConversationStore } from './conversation-store.ts';
import type { AppDeps } from './deps.ts';
import { IndexHolder } from './index-holder.ts';
import { QuestionLog, createLogger } from './logger.ts';
import { Metrics } from './metrics.ts';
import { askRoutes } from './routes/ask.ts';
import { documentRoutes } from './routes/documents.ts';
import { factRoutes } from './routes/facts.ts';
import { healthRoutes } from './routes/health.ts';
import { opsRoutes } from './routes/ops.ts';
import { searchRoutes } from './routes/search.ts';
import { webRoutes } from './routes/web.ts';
import { registerSecurity } from './security.ts';

export interface BuildAppOptions {
  config: Config;
  /** The index, or null while it is being built. Pass an `IndexHolder` to swap it in later. */
  index: ClauseIndex | IndexHolder | null;
  /** A pino logger; by default one at `config.logging.level` writing to stdout. */
  logger?: Logger;
  /** Where HTTP conversations are kept; by default signed tokens (TokenConversationStore). */
  conversations?: ConversationStore;
  /** Also export the process metrics (CPU, memory, event loop, GC) on /metrics; main.ts turns it on. */
  processMetrics?: boolean;
}

/** HTTP body limit: room for a maximal question even if every character is JSON-escaped. */
export function bodyLimit(config: Config): number {
  return Math.max(16 * 1024, config.limits.maxQuestionLength * 6 + 4096);
}

export async function buildApp(options: BuildAppOptions) {
  const { config } = options;
  const indexHolder = options.index instanceof IndexHolder ? options.index : new IndexHolder(options.index);
  const metrics = new Metrics(indexHolder, { defaultMetrics: options.processMetrics ?? false });
  const observer = {
    questionLog: new QuestionLog({ logQuestions: config.logging.questions, logHashKey: config.logging.hashKey }),
    metrics,
    answers: new AnswerCache(config.answers.cacheSize),
  };
  const deps: AppDeps = {
    config,
    indexHolder,
    conversations: options.conversations ?? new TokenConversationStore({ secret: config.access.conversationSecret }),
    observer,
  };
  const hub = new ChatHub({ config, indexHolder, observer });
  let shuttingDown = false;
  const logger = options.logger ?? createLogger(config.logging);
  const connections = new ConnectionGuard({
    maxConnections: config.limits.maxConnections > 0 ? config.limits.maxConnections : autoMaxConnections(descriptorLimit()),
    maxConnectionsPerIp: config.limits.maxConnectionsPerIp,
    trustProxy: config.access.trustProxy,
    log: logger,
  });

  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: bodyLimit(config),
    trustProxy: config.access.trustProxy,
    // Slow senders (slowloris): the whole request within requestTimeout (connections.ts makes
    // Node apply it to the body too, and checks it every TIMEOUT_CHECK_MS), no silent connection
    // beyond connectionTimeout. Upgraded WebSockets are exempt (ws clears the socket timeout).
    requestTimeout: config.limits.requestTimeoutMs,
    connectionTimeout: config.limits.connectionTimeoutMs,
    http: { connectionsCheckingInterval: TIMEOUT_CHECK_MS },
    // Node's own 400/408/431 replies, in the {error: {code, message}} shape.
    clientErrorHandler: (err, socket) => connections.clientError(err, socket),
    // Requests arriving while closing get our own 503 shutting_down (security.ts).
    return503OnClosing: false,
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
    if (req.method === 'POST' && req.routeOptions.url === '/v1/ask') metrics.ask('http', body.code);
    // A coded 503 (not_ready, shutting_down) is the server saying what it is doing, not a failure.
    if (status >= 500 && !(err instanceof CodedError)) req.log.error({ err }, 'request failed');
    else req.log.info({ code: body.code }, 'request rejected');
    return reply.code(status).send({ error: body });
  });

  app.setNotFoundHandler((req, reply) => {
    return reply.code(404).send({ error: errorBody('not_found', `no route ${req.method} ${pathOf(req.url)}`) });
  });

  if (deps.conversations instanceof TokenConversationStore && deps.conversations.ephemeral) {
    app.log.warn(
      'CONVERSATION_SECRET is not set: HTTP conversation tokens are signed with a random key, so follow-ups do not survive a restart or reach another replica',
    );
  }
  if (config.logging.questions) app.log.warn('LOG_QUESTIONS is on: question text is written to the logs (debugging only)');

  // Before the security hooks: its onRequest hook marks upgrade requests, so that a request
  // refused before the upgrade (403, 401, 429, 503) has its socket destroyed after the reply.
  await app.register(websocket, {
    options: { maxPayload: config.limits.wsMaxPayload },
    // Errors on an established socket (a frame over maxPayload → 1009, invalid UTF-8 → 1007):
    // `ws` has already begun the closing handshake with the right code; terminating here
    // would lose it.
    // What the client did wrong is logged as one line without a stack (a stack per bad frame
    // would let any client flood the log with warnings).
    errorHandler(error, socket, req) {
      const wsCode = (error as NodeJS.ErrnoException).code;
      if (typeof wsCode === 'string' && wsCode.startsWith('WS_ERR_')) {
        req.log.info({ wsError: wsCode, reason: error.message }, 'ws closed: protocol error');
      } else {
        req.log.warn({ err: error }, 'websocket error');
      }
      if (socket.readyState === socket.OPEN) socket.close(1011, 'internal error');
    },
    // Replaces the plugin's default (which closes every socket at once, without a code):
    // refuse new requests and upgrades (503 shutting_down: the listener stays open meanwhile),
    // let every socket answer the asks it has already received and close it with 1001
    // (terminating what is still open after half the shutdown budget), answer the HTTP
    // requests received in full; then stop listening and close every HTTP connection, those
    // still sending a request included (they are owed nothing, and would otherwise hold the
    // shutdown until their request timeout).
    preClose(done) {
      shuttingDown = true;
      const budget = Math.floor(config.server.shutdownTimeoutMs / 2);
      Promise.all([
        hub.shutdown(budget).catch((err: unknown) => app.log.error({ err }, 'error while closing WebSockets')),
        connections.drain(budget),
      ]).finally(() => {
        if (app.server.listening) app.server.close();
        app.server.closeAllConnections();
        app.websocketServer.close(() => done());
      });
    },
  });
  await registerSecurity(app, { config, metrics, isShuttingDown: () => shuttingDown });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'policy-qa',
        version: '1',
        description:
          'Questions about privacy policies, answered with cited clause excerpts. The WebSocket chat (/v1/chat) is described in docs/protocol.md; error codes in docs/errors.md.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key, when the server sets API_KEYS' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The same key in a header of its own' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  app.addHook('onClose', async () => {
    hub.stop();
    connections.stop();
  });
  connections.attach(app.server, config.limits.requestTimeoutMs);
  connections.watchDescriptors();

  await app.register(healthRoutes, deps);
  await app.register(askRoutes, deps);
  await app.register(searchRoutes, deps);
  await app.register(documentRoutes, deps);
  await app.register(factRoutes, deps);
  await app.register(webRoutes);
  await app.register(opsRoutes, { metrics });
  await app.register(chatRoutes(hub));

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
  403: 'forbidden_origin',
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
