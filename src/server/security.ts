/**
 * Everything that stands between the public internet and the routes (see docs/security.md):
 * security headers (helmet), CORS, the HTTP rate limit, refusing requests while shutting down,
 * the Origin allowlist for WebSocket upgrades (403 before the upgrade), and API keys (401
 * before the body is read or the socket upgraded). All of it runs in `onRequest` hooks, in
 * this order: headers → shutting down (503) → CORS preflight → rate limit (429) → origin (403)
 * → API key (401).
 *
 * Who may call what is decided from the route the router matched (its `config.access`, set
 * where the route is declared), never from the request's URL string: the router decodes the
 * path (`/%761/documents` is `/v1/documents`), so any test on `req.url` can be walked around.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import { CodedError } from '../errors.ts';
import { clientKey } from './limits.ts';
import type { Metrics } from './metrics.ts';

/**
 * How a route is reached, declared in the route's options (`{ config: { access: 'public' } }`):
 * - `api`: the API (`/v1/*`, the WebSocket included). Needs a key when API_KEYS is set (a
 *   trusted browser page is exempt, API_KEYS_BROWSER_EXEMPT) and counts against the HTTP rate
 *   limit: that is where the work is.
 * - `ops`: operator endpoints (`/metrics`). Needs a key, no browser exemption; not rate limited
 *   (scrapers poll).
 * - `public`: probes, pages, widget assets, the OpenAPI document. Neither: probes poll, and every
 *   visitor behind one NAT address re-validates the static files.
 * A route that declares nothing is `api` (fail closed: a new route is protected until someone
 * decides otherwise).
 */
export type RouteAccess = 'api' | 'ops' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: see `RouteAccess` in src/server/security.ts. */
    access?: RouteAccess;
  }
}

/** The access of the route the router matched; `unmatched` when no route did (404). */
export function routeAccess(req: FastifyRequest): RouteAccess | 'unmatched' {
  if (req.is404) return 'unmatched';
  return req.routeOptions.config.access ?? 'api';
}

/**
 * Whether a request counts against the HTTP rate limit: the API, and requests no route
 * matched (probing for routes is not free either).
 */
export function isRateLimited(access: RouteAccess | 'unmatched'): boolean {
  return access === 'api' || access === 'unmatched';
}

/** Whether a request needs a key when API_KEYS is set: the API and the operator endpoints. */
export function needsKey(access: RouteAccess | 'unmatched'): boolean {
  return access === 'api' || access === 'ops';
}

/** `new URL(origin).origin`, or null when the header is not a serialised http(s) origin. */
export function parseOrigin(origin: string): URL | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url;
  } catch {
    return null;
  }
}

/**
 * The origins of a listening address: `http://<address>:<port>`, and for a loopback or
 * any-address bind also the local names (`localhost`, `127.0.0.1`, `[::1]`), which is how
 * `npm start` is opened in a browser. A public name needs PUBLIC_ORIGIN.
 */
export function originsOfAddress(address: AddressInfo | string | null): string[] {
  if (address === null || typeof address === 'string') return []; // not listening, or a pipe
  const { port, address: ip } = address;
  const origins = [`http://${isIP(ip) === 6 ? `[${ip}]` : ip}:${port}`];
  const local = ip === '0.0.0.0' || ip === '::' || ip === '::1' || ip.startsWith('127.');
  if (local) origins.push(...['127.0.0.1', 'localhost', '[::1]'].map((h) => `http://${h}:${port}`));
  return [...new Set(origins.map((o) => new URL(o).origin))];
}

/**
 * The server's own origins: PUBLIC_ORIGIN, or (unset) the address it listens on. Never the
 * request's `Host`: a DNS-rebinding page (`http://evil.example:3000` resolving to this server)
 * sends `Host: evil.example:3000` and `Origin: http://evil.example:3000`, which agree with each
 * other and would pass any check that compares the two.
 */
export class OwnOrigins {
  readonly #configured: readonly string[];
  readonly #address: () => AddressInfo | string | null;

  constructor(configured: readonly string[], address: () => AddressInfo | string | null) {
    this.#configured = configured;
    this.#address = address;
  }

  list(): readonly string[] {
    return this.#configured.length > 0 ? this.#configured : originsOfAddress(this.#address());
  }

  /** Whether an `Origin` header names one of them. */
  has(origin: string): boolean {
    const url = parseOrigin(origin);
    return url !== null && this.list().includes(url.origin);
  }

  /** Whether a `Host` header names the host (and port) of one of them. */
  hasHost(host: string | undefined): boolean {
    if (!host) return false;
    return this.list().some((origin) => {
      try {
        return new URL(`${new URL(origin).protocol}//${host}`).origin === origin;
      } catch {
        return false;
      }
    });
  }
}

/**
 * The WebSocket Origin check (against cross-site WebSocket hijacking). No `Origin` header: not
 * a browser, not concerned. `allowed` null: any origin. Otherwise the origin must be listed or
 * be one of the server's own (the demo page and widget served at `/`).
 */
export function originAllowed(origin: string | undefined, own: OwnOrigins, allowed: readonly string[] | null): boolean {
  if (origin === undefined) return true;
  if (allowed === null) return true;
  const url = parseOrigin(origin);
  if (url === null) return false; // "null" (sandboxed frames, file://) and garbage
  return allowed.includes(url.origin) || own.has(origin);
}

/**
 * A request from a browser page the operator trusts: its `Origin` is one of the server's own or
 * one listed in ALLOWED_ORIGINS or CORS_ORIGINS (a `*` does not count), or the browser says the
 * request is same-origin (`Sec-Fetch-Site`, sent on same-origin GETs that carry no Origin) and
 * it was sent to one of the server's own hosts (a rebinding page's fetches are same-origin to
 * the browser too, but carry the attacker's host name). Non-browser clients can forge these
 * headers: see docs/security.md.
 */
export function isTrustedBrowser(req: FastifyRequest, config: Config, own: OwnOrigins): boolean {
  const origin = req.headers.origin;
  if (typeof origin === 'string') {
    if (own.has(origin)) return true;
    const url = parseOrigin(origin);
    if (url === null) return false;
    return (config.access.allowedOrigins ?? []).includes(url.origin) || config.access.corsOrigins.includes(url.origin);
  }
  return req.headers['sec-fetch-site'] === 'same-origin' && own.hasHost(req.headers.host);
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The configured API keys, kept as SHA-256 digests. A presented key is hashed and compared with
 * every digest by `timingSafeEqual` (same length by construction, no early exit), so the time
 * taken says nothing about how much of a key was right.
 */
export class ApiKeys {
  readonly #digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.#digests = keys.map(sha256);
  }

  get enabled(): boolean {
    return this.#digests.length > 0;
  }

  check(presented: string | undefined): boolean {
    const digest = sha256(presented ?? '');
    let ok = 0;
    for (const d of this.#digests) ok |= timingSafeEqual(digest, d) ? 1 : 0;
    return presented !== undefined && presented.length > 0 && ok === 1;
  }

  /** The key a request presents: `Authorization: Bearer <key>`, else `x-api-key`. */
  static fromRequest(req: { headers: IncomingMessage['headers'] }): string | undefined {
    const auth = req.headers.authorization;
    if (typeof auth === 'string') {
      const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
      if (m) return m[1];
    }
    const header = req.headers['x-api-key'];
    if (typeof header === 'string' && header.length > 0) return header.trim();
    return undefined;
  }
}

function isUpgrade(req: FastifyRequest): boolean {
  const upgrade = req.headers.upgrade;
  return typeof upgrade === 'string' && upgrade.toLowerCase() === 'websocket';
}

/**
 * `ws://host wss://host` for the CSP's connect-src (the widget's socket): the hosts of
 * PUBLIC_ORIGIN, else the request's Host if it is sane (a CSP only loosens what the page that
 * received it may do, so a forged Host gains its sender nothing).
 */
function socketSources(req: IncomingMessage, publicOrigins: readonly string[]): string {
  if (publicOrigins.length > 0) return publicOrigins.map((o) => `ws://${new URL(o).host} wss://${new URL(o).host}`).join(' ');
  const host = req.headers.host;
  if (typeof host !== 'string' || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return "'self'";
  return `ws://${host} wss://${host}`;
}

export interface SecurityOptions {
  config: Config;
  metrics: Metrics | null;
  /** True once the app has begun shutting down. */
  isShuttingDown(): boolean;
}

/** Register the hooks and plugins on the root instance (they apply to every route). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any server/logger/type provider
export async function registerSecurity(app: FastifyInstance<any, any, any, any, any>, options: SecurityOptions): Promise<void> {
  const { config, metrics } = options;

  // Security headers. The CSP is the contract for the pages served at /, /agent, /widget.js:
  // scripts and styles from this origin only (no inline scripts, no inline style attributes:
  // set styles through CSSOM or classes), sockets and fetches to this host only.
  // helmet itself, built once: @fastify/helmet builds the middleware again on every request
  // (parsing the CSP directives each time), ~5 % of a request's cost here.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", (req) => socketSources(req as IncomingMessage, config.access.publicOrigins)],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
  });
  app.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });

  // While shutting down: 503 for every new request and upgrade (Fastify's own 503 is off so
  // that this one has the {error: {code, message}} shape).
  app.addHook('onRequest', async (_req, reply) => {
    if (options.isShuttingDown()) {
      reply.header('connection', 'close');
      throw new CodedError('shutting_down');
    }
  });

  // A refusal sent before the request's body has all arrived closes the connection: otherwise
  // Node keeps reading (and discarding) what a slow sender still sends, and the descriptor
  // stays taken. A 429 always does: a client over its limit gets no kept-alive connection.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (reply.statusCode >= 400 && (reply.statusCode === 429 || !req.raw.complete)) reply.header('connection', 'close');
    done(null, payload);
  });

  // CORS: only when CORS_ORIGINS is set. Preflights are answered here, before any key check.
  if (config.access.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.access.corsOrigins[0] === '*' ? '*' : config.access.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'x-api-key'],
      exposedHeaders: ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
      maxAge: 600,
    });
  }

  // HTTP rate limit per client IP on the API (WebSocket asks have their own buckets, see
  // chat.ts). Upgrade requests count too: that caps how fast one address can open sockets.
  // The plugin's per-route hooks (`global: true`) would run after every hook here, i.e. after
  // the key check, leaving key guessing unlimited; its handler is called from a hook of ours
  // instead, in the documented order, for the routes `isRateLimited` names.
  if (config.limits.rateLimitMax > 0) {
    await app.register(rateLimit, {
      global: false,
      max: config.limits.rateLimitMax,
      timeWindow: config.limits.rateLimitWindowMs,
      cache: 10_000,
      keyGenerator: (req) => clientKey(req.ip),
      errorResponseBuilder: (_req, context) => {
        metrics?.rateLimited.inc({ transport: 'http' });
        return new CodedError('rate_limited', `retry in ${context.after}`, { retryAfterMs: Math.max(0, context.ttl) });
      },
    });
    const limit = app.rateLimit();
    app.addHook('onRequest', async (req, reply) => {
      if (isRateLimited(routeAccess(req))) await limit.call(app, req, reply);
    });
  }

  const keys = new ApiKeys(config.access.apiKeys);
  const own = new OwnOrigins(config.access.publicOrigins, () => (app.server.listening ? app.server.address() : null));

  app.addHook('onRequest', async (req, reply) => {
    const upgrade = isUpgrade(req);

    // Cross-site WebSocket hijacking: a page on another site must not open a socket with the
    // visitor's browser. Checked before the upgrade, so the answer is a plain HTTP 403.
    if (upgrade && !originAllowed(req.headers.origin, own, config.access.allowedOrigins)) {
      metrics?.socketsRefused.inc({ reason: 'forbidden_origin' });
      req.log.info({ origin: String(req.headers.origin).slice(0, 200) }, 'ws refused: origin not allowed');
      throw new CodedError('forbidden_origin');
    }

    if (!keys.enabled || req.method === 'OPTIONS') return;
    const access = routeAccess(req);
    if (!needsKey(access)) return;
    if (config.access.apiKeysBrowserExempt && access === 'api' && isTrustedBrowser(req, config, own)) return;
    if (keys.check(ApiKeys.fromRequest(req))) return;
    if (upgrade) metrics?.socketsRefused.inc({ reason: 'unauthorized' });
    reply.header('www-authenticate', 'Bearer realm="policy-qa"');
    throw new CodedError('unauthorized', 'send Authorization: Bearer <key> or x-api-key: <key>');
  });
}
