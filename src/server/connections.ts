/**
 * The TCP side of the HTTP server (docs/security.md, "Connections"): caps on open connections
 * in total and per client address, the whole-request timeout, the Node-level error replies
 * (400/408/431) in the `{error: {code, message}}` shape, a warning when file descriptors run
 * low, and the end of a graceful shutdown (answer the requests received in full, drop the ones
 * still arriving).
 *
 * Why here and not in hooks: a client sending one body byte every few seconds never reaches a
 * route, so only the connection layer sees it. One address holding every descriptor would take
 * `/healthz`, asks and the WebSocket offline for everybody.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { BlockList, isIP, type Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { errorBody, ERRORS, type ErrorCode } from '../errors.ts';
import { clientKey } from './limits.ts';

/**
 * How often Node checks for requests over REQUEST_TIMEOUT_MS (its default is 30 s, which would
 * let a slow request live up to 30 s past its deadline).
 */
export const TIMEOUT_CHECK_MS = 1000;

/** Descriptors kept back from the connection cap: corpus files, snapshots, logs, the listener. */
export const RESERVED_DESCRIPTORS = 128;

/** MAX_CONNECTIONS when the descriptor limit cannot be read (not Linux). */
export const DEFAULT_MAX_CONNECTIONS = 4000;

/** How often open descriptors are counted, and the share of the limit that is "running low". */
export const FD_CHECK_MS = 5000;
export const FD_LOW_SHARE = 0.8;

/** Refused connections are logged at most this often (one line with the count in between). */
export const REFUSAL_LOG_MS = 60_000;

/** The soft limit on open file descriptors (`ulimit -n`), or null where /proc is not there. */
export function descriptorLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m || m[1] === 'unlimited') return null;
    return Number(m[1]);
  } catch {
    return null;
  }
}

/** Open file descriptors of this process, or null where /proc is not there. */
export function openDescriptors(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

/** MAX_CONNECTIONS=0 (auto): the descriptor limit minus a reserve. */
export function autoMaxConnections(limit: number | null): number {
  return limit === null ? DEFAULT_MAX_CONNECTIONS : Math.max(16, limit - RESERVED_DESCRIPTORS);
}

/** A raw HTTP/1.1 response with our error body, for sockets no Fastify reply exists for. */
export function rawErrorResponse(code: ErrorCode, status: number = ERRORS[code].status): string {
  const body = JSON.stringify({ error: errorBody(code) });
  const reason = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large', 503: 'Service Unavailable' }[status] ?? 'Error';
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/**
 * TRUST_PROXY as a test on the TCP peer: connections from a trusted proxy carry many clients,
 * so the per-address cap does not apply to them.
 */
export function trustedPeers(trustProxy: boolean | string[]): (address: string) => boolean {
  if (trustProxy === true) return () => true;
  if (trustProxy === false) return () => false;
  const list = new BlockList();
  const add = (range: string) => {
    const [addr, bits] = range.split('/') as [string, string | undefined];
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  };
  const NAMED: Record<string, string[]> = {
    loopback: ['127.0.0.0/8', '::1/128'],
    linklocal: ['169.254.0.0/16', 'fe80::/10'],
    uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  };
  for (const item of trustProxy) for (const range of NAMED[item] ?? [item]) add(range);
  return (address) => {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const ip = mapped ?? address;
    return list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  };
}

export interface ConnectionGuardOptions {
  maxConnections: number;
  maxConnectionsPerIp: number;
  trustProxy: boolean | string[];
  log: FastifyBaseLogger;
}

/**
 * Counts the server's TCP connections (upgraded WebSockets included) and refuses one over the
 * caps with a 503 `too_many_connections` written straight to the socket, then closes it.
 */
export class ConnectionGuard {
  readonly #perIp = new Map<string, number>();
  readonly #maxPerIp: number;
  #total = 0;
  readonly #isProxy: (address: string) => boolean;
  readonly #log: FastifyBaseLogger;
  readonly #maxConnections: number;
  /** The response each socket is currently answering (a raw 408 must not follow its head). */
  readonly #responses = new WeakMap<Socket, ServerResponse>();
  /** HTTP requests received and not yet answered. */
  readonly #open = new Set<IncomingMessage>();
  #refused = { total: 0, per_ip: 0 };
  #lastRefusalLog = 0;
  #fdTimer: NodeJS.Timeout | null = null;

  constructor(options: ConnectionGuardOptions) {
    this.#maxConnections = options.maxConnections;
    this.#maxPerIp = options.maxConnectionsPerIp > 0 ? options.maxConnectionsPerIp : Infinity;
    this.#isProxy = trustedPeers(options.trustProxy);
    this.#log = options.log;
  }

  get open(): number {
    return this.#total;
  }

  /** Install on the HTTP server (before it listens). */
  attach(server: Server, requestTimeoutMs: number): void {
    // Node reads requestTimeout as the bound of the whole request only when it is not larger
    // than headersTimeout (else it swaps them: the default headersTimeout of 60 s then bounds
    // the body). Both equal: headers and body within REQUEST_TIMEOUT_MS of the request line.
    server.headersTimeout = requestTimeoutMs;
    server.requestTimeout = requestTimeoutMs;
    server.on('connection', (socket: Socket) => this.#admit(socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.#responses.set(req.socket, res);
      if (req.headers.upgrade !== undefined) return;
      this.#open.add(req);
      res.once('close', () => this.#open.delete(req));
    });
  }

  #admit(socket: Socket): void {
    const address = socket.remoteAddress ?? '';
    // A trusted proxy's connections carry many clients: they count towards the total only.
    const key = this.#isProxy(address) ? null : clientKey(address);
    if (this.#total >= this.#maxConnections) return this.#refuse(socket, 'total');
    const n = key === null ? 0 : (this.#perIp.get(key) ?? 0);
    if (key !== null && n >= this.#maxPerIp) return this.#refuse(socket, 'per_ip');
    this.#total++;
    if (key !== null) this.#perIp.set(key, n + 1);
    socket.once('close', () => {
      this.#total--;
      if (key === null) return;
      const left = (this.#perIp.get(key) ?? 1) - 1;
      if (left <= 0) this.#perIp.delete(key);
      else this.#perIp.set(key, left);
    });
  }

  #refuse(socket: Socket, why: 'total' | 'per_ip'): void {
    this.#refused[why]++;
    const now = Date.now();
    if (now - this.#lastRefusalLog >= REFUSAL_LOG_MS) {
      this.#log.warn(
        { refusedTotalCap: this.#refused.total, refusedPerIpCap: this.#refused.per_ip, open: this.#total },
        'connections refused: too many open',
      );
      this.#lastRefusalLog = now;
      this.#refused = { total: 0, per_ip: 0 };
    }
    socket.on('error', () => {});
    socket.end(rawErrorResponse('too_many_connections'));
    // A client that does not read its refusal must not keep the descriptor either.
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  /**
   * Node-level client errors (malformed request, headers over the size limit, the request
   * timeout) answered in our shape, then the connection is closed. Used as Fastify's
   * `clientErrorHandler`.
   */
  clientError(err: NodeJS.ErrnoException, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [code, status]: [ErrorCode, number] =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['request_timeout', 408]
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? ['headers_too_large', 431]
          : ['bad_request', 400];
    this.#log.debug({ code, err: err.code }, 'client error');
    const res = this.#responses.get(socket);
    // Only when no response has begun on this socket: bytes after a response's head would
    // corrupt it.
    if (socket.writable && (res === undefined || !res.headersSent)) socket.write(rawErrorResponse(code, status));
    socket.destroy();
  }

  /**
   * Shutdown: wait (at most `ms`) until every request received in full has been answered; the
   * ones still arriving are not owed an answer (the caller then closes every connection).
   */
  async drain(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while ([...this.#open].some((req) => req.complete) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Warn when open descriptors pass FD_LOW_SHARE of the limit (once, and again after recovering). */
  watchDescriptors(limit: number | null = descriptorLimit()): void {
    if (limit === null || openDescriptors() === null) return;
    let low = false;
    this.#fdTimer = setInterval(() => {
      const open = openDescriptors();
      if (open === null) return;
      if (!low && open >= limit * FD_LOW_SHARE) {
        low = true;
        this.#log.warn({ open, limit, connections: this.#total }, 'file descriptors running low');
      } else if (low && open < limit * FD_LOW_SHARE * 0.9) {
        low = false;
        this.#log.info({ open, limit }, 'file descriptors back to normal');
      }
    }, FD_CHECK_MS);
    this.#fdTimer.unref();
  }

  stop(): void {
    if (this.#fdTimer) clearInterval(this.#fdTimer);
    this.#fdTimer = null;
  }
}
