/**
 * The service logger (pino, handed to Fastify as its `loggerInstance`).
 *
 * Question text must never reach the logs. Fastify logs every request's URL, and
 * `GET /v1/search?q=...` carries the query in it, so the request serializer logs the path only.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.ts';

interface RawRequestLike {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export function pathOnly(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export const serializers = {
  req(req: RawRequestLike) {
    return {
      method: req.method,
      url: pathOnly(req.url),
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  },
};

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino({ level: config.logLevel, serializers: { ...serializers, err: pino.stdSerializers.err } }, destination);
}
