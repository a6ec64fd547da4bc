/**
 * The service's whole configuration: ONE zod schema over the environment, parsed once at
 * start by `main.ts` (and the CLI) and passed down. Nothing else reads `process.env`.
 *
 * Each setting is written once, in `settings` below: its group, its name in the config, the
 * environment variable it is read from (a contract: never rename one), its schema with bounds,
 * default and `.describe()`, and any transform into the value code uses. The `Config` type is
 * `z.infer` of the transformed schema, so it cannot disagree with it; the README's table is
 * checked against `describeEnv()` (tests/config.test.ts). To add a setting: add it to its group
 * in `settings` and a row to the README's configuration table.
 */
import { isIP } from 'node:net';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An environment value as given, except that a blank one counts as unset (`FOO=` is not a value). */
function blankAsUnset(v: unknown): unknown {
  return typeof v === 'string' && v.trim() === '' ? undefined : v;
}

/** An integer read from an env string, within [min, max]. Empty string counts as unset. */
function intVar(def: number, min: number, max: number) {
  return z.preprocess(
    blankAsUnset,
    z.coerce.number().int().min(min).max(max).default(def),
  );
}

function stringVar(def: string) {
  return z.preprocess(
    blankAsUnset,
    z.string().default(def),
  );
}

/** A boolean: `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`). Empty counts as unset. */
function boolVar(def: boolean) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : blankAsUnset(v)),
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' })
      .default(def ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on'),
  );
}

/** The items of a comma-separated list, trimmed, empty ones dropped. */
function splitList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A comma-separated list (items trimmed, empty items dropped); unset or empty → []. */
function listVar<T extends z.ZodType<string>>(item: T) {
  return z.preprocess((v) => (v === undefined ? [] : typeof v === 'string' ? splitList(v) : v), z.array(item));
}

/** An origin such as `https://example.com` or `http://127.0.0.1:3000` (normalised), or `*`. */
const originItem = z.string().transform((value, ctx) => {
  if (value === '*') return '*';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an origin (scheme://host[:port])` });
    return z.NEVER;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an http(s) origin (scheme://host[:port], no path)` });
    return z.NEVER;
  }
  return url.origin;
});

/**
 * TRUST_PROXY: false, true (trust every peer: only when nothing can reach the server except
 * through the proxy), or the proxy addresses/CIDRs. (A hop count is not offered: Fastify 5
 * cannot check the immediate peer with one and trusts no X-Forwarded-For at all.)
 */
const trustProxyVar = z.preprocess(
  blankAsUnset,
  z
    .string()
    .default('false')
    .transform((value, ctx): boolean | string[] => {
      const v = value.trim().toLowerCase();
      if (v === 'false' || v === '0' || v === 'no') return false;
      if (v === 'true' || v === 'yes') return true;
      const items = value.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = items.filter((item) => {
        const [addr, bits, ...rest] = item.split('/');
        if (rest.length > 0 || !addr) return true;
        if (['loopback', 'linklocal', 'uniquelocal'].includes(addr) && bits === undefined) return false;
        const family = isIP(addr);
        if (family === 0) return true;
        return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
      });
      if (items.length === 0 || bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected true, false, or comma-separated proxy addresses/CIDRs (bad: ${bad.map((b) => JSON.stringify(b)).join(', ')})`,
        });
        return z.NEVER;
      }
      return items;
    }),
);

/** One setting: the environment variable it is read from, and its schema (bounds, default, description, transform). */
function setting<S extends z.ZodType>(env: string, schema: S): { env: string; schema: S } {
  return { env, schema };
}

const unique = <T>(list: T[]): T[] => [...new Set(list)];

/** Every setting, by group. */
const settings = {
  /** Where the server listens and how it stops. */
  server: {
    port: setting('PORT', intVar(3000, 0, 65535).describe('TCP port the HTTP/WebSocket server listens on (0 = any free port).')),
    host: setting('HOST', stringVar('127.0.0.1').describe('Interface to bind; use 0.0.0.0 inside a container.')),
    shutdownTimeoutMs: setting('SHUTDOWN_TIMEOUT_MS', intVar(10_000, 1000, 300_000).describe(
      'On SIGTERM/SIGINT: the longest the graceful shutdown may take before the process exits anyway (status 1).',
    )),
  },
  /** The policy files and the saved index built from them. */
  corpus: {
    dir: setting('CORPUS_DIR', stringVar('./corpus').describe('Folder of policy files (.txt, .md, .html) loaded at start.')),
    snapshotDir: setting('INDEX_SNAPSHOT_DIR', stringVar('.cache/index').transform((dir) => (dir.trim().toLowerCase() === 'off' ? null : dir)).describe(
      'Folder for saved index snapshots (start from one when corpus, code and settings are unchanged); off = never save or load. Must not be inside CORPUS_DIR.',
    )),
    maxDocumentBytes: setting('MAX_DOCUMENT_BYTES', intVar(2_097_152, 1024, 1_073_741_824).describe(
      'Largest corpus file read, in bytes; a larger one is skipped with an error in the log (raise this to load it).',
    )),
  },
  /** Memory and start-up work spent on answering. */
  answers: {
    cacheSize: setting('ANSWER_CACHE_SIZE', intVar(2000, 0, 1_000_000).describe(
      'Answers to repeated questions kept (same question, document and, for a follow-up, previous topic → same answer); 0 = off.',
    )),
    analysisCacheSize: setting('ANALYSIS_CACHE_SIZE', intVar(10_000, 1, 1_000_000).describe(
      'Documents whose sentence analysis stays in memory (~200 KB each, least recently asked dropped first); up to this many are analysed right after start.',
    )),
    warmUpMs: setting('WARM_UP_MS', intVar(2000, 0, 600_000).describe(
      'Longest time spent before ready answering warm-up questions, one pass over the documents (stopped after this long), so the first visitors do not wait for V8 to compile the answer code; 0 = the first document only.',
    )),
  },
  /** What is logged. */
  logging: {
    level: setting('LOG_LEVEL', z
      .preprocess(blankAsUnset, z.enum(LOG_LEVELS).default('info'))
      .describe('pino log level: fatal, error, warn, info, debug, trace or silent.')),
    questions: setting('LOG_QUESTIONS', boolVar(false).describe(
      'DEBUGGING ONLY: also log the question text. Off by default: logs carry its length and a keyed hash.',
    )),
    hashKey: setting('LOG_HASH_KEY', z
      .preprocess(
        blankAsUnset,
        z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
      )
      .transform((key) => key ?? null).describe(
        'Key of the HMAC-SHA256 logged as questionHash (16+ characters); set it to correlate questions across restarts. Unset: a random key per process.',
      )),
  },
  /** Protection against overload and abuse: sizes, rates, connections, timeouts. */
  limits: {
    maxQuestionLength: setting('MAX_QUESTION_LENGTH', intVar(1000, 1, 100_000).describe(
      'Longest accepted question, in characters after normalisation (longer → question_too_long).',
    )),
    wsMaxPayload: setting('WS_MAX_PAYLOAD', intVar(32_768, 16_384, 65_536).describe(
      'Largest WebSocket frame in bytes (16384..65536); a bigger frame closes the socket with 1009.',
    )),
    wsMaxInflight: setting('WS_MAX_INFLIGHT', intVar(8, 1, 64).describe(
      'Most asks one WebSocket may have queued or running at once (more → too_many_inflight).',
    )),
    wsMaxUnreadBytes: setting('WS_MAX_UNREAD_BYTES', intVar(1_048_576, 65_536, 67_108_864).describe(
      'Answers a WebSocket client has not read yet, in bytes, beyond which the server terminates the socket; past a quarter of it new asks get too_many_inflight.',
    )),
    wsMaxSockets: setting('WS_MAX_SOCKETS', intVar(1000, 1, 100_000).describe(
      'Most open WebSockets in total; one more is closed with 1013 (try again later).',
    )),
    wsMaxSocketsPerIp: setting('WS_MAX_SOCKETS_PER_IP', intVar(32, 1, 100_000).describe(
      'Most open WebSockets from one client IP (IPv6: per /64); one more is closed with 1013.',
    )),
    wsAskBurst: setting('WS_ASK_BURST', intVar(10, 1, 100_000).describe(
      'Token bucket per WebSocket: asks that may be sent at once (over it → rate_limited with retryAfterMs).',
    )),
    wsAsksPerMinute: setting('WS_ASKS_PER_MINUTE', intVar(60, 1, 1_000_000).describe('Token bucket per WebSocket: asks per minute it refills.')),
    wsIpAskBurst: setting('WS_IP_ASK_BURST', intVar(200, 1, 1_000_000).describe(
      'Token bucket per client IP over all its WebSockets: asks that may be sent at once.',
    )),
    wsIpAsksPerMinute: setting('WS_IP_ASKS_PER_MINUTE', intVar(1200, 1, 10_000_000).describe(
      'Token bucket per client IP over all its WebSockets: asks per minute it refills.',
    )),
    wsAbuseLimit: setting('WS_ABUSE_LIMIT', intVar(20, 1, 100_000).describe(
      'rate_limited replies one WebSocket may earn within WS_ABUSE_WINDOW_MS; reaching it closes the socket with 1008.',
    )),
    wsAbuseWindowMs: setting('WS_ABUSE_WINDOW_MS', intVar(10_000, 100, 3_600_000).describe('Window for WS_ABUSE_LIMIT, in milliseconds.')),
    wsIdleTimeoutMs: setting('WS_IDLE_TIMEOUT_MS', intVar(300_000, 1000, 86_400_000).describe(
      'A WebSocket that sends nothing for this long is closed (1000, "idle timeout").',
    )),
    wsHeartbeatMs: setting('WS_HEARTBEAT_MS', intVar(30_000, 500, 600_000).describe(
      'Interval of server pings; a peer that has not answered the previous ping with a pong is dropped.',
    )),
    rateLimitMax: setting('RATE_LIMIT_MAX', intVar(600, 0, 10_000_000).describe(
      'Requests to /v1/* (HTTP API and WebSocket upgrades) per client IP per RATE_LIMIT_WINDOW_MS (0 = no limit); over it → 429 rate_limited. Probes, metrics and pages are not limited.',
    )),
    rateLimitWindowMs: setting('RATE_LIMIT_WINDOW_MS', intVar(60_000, 1000, 86_400_000).describe('Window of RATE_LIMIT_MAX, in milliseconds.')),
    requestTimeoutMs: setting('REQUEST_TIMEOUT_MS', intVar(15_000, 1000, 600_000).describe(
      'Time a client has to send a whole HTTP request (headers and body), against slow senders (slowloris).',
    )),
    maxConnections: setting('MAX_CONNECTIONS', intVar(0, 0, 1_000_000).describe(
      'Most open TCP connections (HTTP and WebSocket); one more gets 503 too_many_connections and is closed. 0 = the open-file limit (ulimit -n) minus 128.',
    )),
    maxConnectionsPerIp: setting('MAX_CONNECTIONS_PER_IP', intVar(64, 0, 1_000_000).describe(
      'Most open TCP connections from one client address (IPv6: per /64; a TRUST_PROXY peer is exempt); one more gets 503 too_many_connections and is closed. 0 = no per-address cap.',
    )),
    connectionTimeoutMs: setting('CONNECTION_TIMEOUT_MS', intVar(30_000, 1000, 600_000).describe(
      'An HTTP connection with no activity for this long is closed (WebSockets have their own idle timeout).',
    )),
  },
  /** Who may connect and call the API, from where, and how conversations are signed. */
  access: {
    trustProxy: setting('TRUST_PROXY', trustProxyVar.describe(
      'Behind a reverse proxy: the proxy addresses/CIDRs (or loopback, uniquelocal, ...; true trusts any peer), so client IPs for rate limits and socket caps come from X-Forwarded-For. Default false.',
    )),
    publicOrigins: setting('PUBLIC_ORIGIN', listVar(
      originItem.refine((o) => o !== '*', { message: 'PUBLIC_ORIGIN names origins, not *' }),
    ).transform(unique).describe(
      "Comma-separated origins browsers use to reach this server (https://policy.example.com): pages served there are same-origin (WebSocket origin check, browser key exemption). Unset: the address it listens on (on loopback or 0.0.0.0 also http://localhost:PORT). Never taken from the request's Host (DNS rebinding).",
    )),
    allowedOrigins: setting('ALLOWED_ORIGINS', listVar(originItem).transform((list) => (list.length === 0 || list.includes('*') ? null : unique(list))).describe(
      'Comma-separated origins allowed to open the WebSocket from a browser (others → 403 before the upgrade). Unset: any origin. The server\'s own origin is always allowed; requests without an Origin header are not browsers and are not concerned.',
    )),
    corsOrigins: setting('CORS_ORIGINS', z
      .preprocess(
        (v) =>
          typeof v !== 'string' || v.trim() === ''
            ? undefined
            : v.trim().toLowerCase() === 'none'
              ? []
              : splitList(v),
        z.array(originItem).optional(),
      )
      .describe(
        'Comma-separated origins whose pages may call the HTTP API (CORS), * for any, or none. Unset: the same as ALLOWED_ORIGINS (any origin when that is unset), so the embedded widget can fetch clauses.',
      )),
    apiKeys: setting('API_KEYS', listVar(
      z
        .string()
        .min(16, { message: 'each API key must be at least 16 characters' })
        .max(256)
        .regex(/^[\x21-\x7e]+$/, { message: 'API keys are printable ASCII without spaces or commas' }),
    ).transform(unique).describe(
      'Comma-separated API keys (16+ printable characters each). Set: /v1/* and /metrics need Authorization: Bearer <key> or x-api-key (401 otherwise). Unset: no keys.',
    )),
    apiKeysBrowserExempt: setting('API_KEYS_BROWSER_EXEMPT', boolVar(true).describe(
      'With API_KEYS set: requests to /v1/* carrying an allowed browser Origin (same origin or ALLOWED_ORIGINS) need no key, so the public widget keeps working. See docs/security.md.',
    )),
    conversationSecret: setting('CONVERSATION_SECRET', z
      .preprocess(
        blankAsUnset,
        z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
      )
      .transform((secret) => secret ?? null).describe(
        'Key (32+ characters) that signs HTTP conversation tokens (conversationId); give every replica the same one. Unset: a random key per process, so follow-ups do not survive a restart or reach another replica.',
      )),
  },
};

type Settings = typeof settings;
type SettingValue<T> = T extends { schema: infer S extends z.ZodType } ? z.output<S> : never;
/** The settings as read, before the one that depends on another (CORS_ORIGINS) is resolved. */
type ReadSettings = { [G in keyof Settings]: { [K in keyof Settings[G]]: SettingValue<Settings[G][K]> } };

const ALL: Array<{ group: string; name: string; env: string; schema: z.ZodType }> = Object.entries(settings).flatMap(([group, members]) =>
  Object.entries(members as Record<string, { env: string; schema: z.ZodType }>).map(([name, s]) => ({ group, name, ...s })),
);

/** The environment as the schema reads it: one variable per setting, flat as the environment is. */
const envSchema = z.object(Object.fromEntries(ALL.map((s) => [s.env, s.schema])));

/** CORS_ORIGINS, defaulting to the WebSocket's ALLOWED_ORIGINS (the widget's pages use both); ['*'] = any. */
function corsOrigins(cors: string[] | undefined, allowed: string[] | null): string[] {
  const list = cors ?? allowed ?? ['*'];
  return list.includes('*') ? ['*'] : unique(list);
}

/** The environment → the grouped configuration every module receives. */
const configSchema = envSchema.transform((env) => {
  const groups = Object.fromEntries(Object.keys(settings).map((g) => [g, {} as Record<string, unknown>]));
  for (const s of ALL) groups[s.group]![s.name] = env[s.env];
  // The mapped type above is what this loop builds from `settings`; TypeScript cannot follow the loop.
  const read = groups as unknown as ReadSettings;
  return { ...read, access: { ...read.access, corsOrigins: corsOrigins(read.access.corsOrigins, read.access.allowedOrigins) } };
});

/** The parsed configuration every module receives, grouped as `settings`. */
export type Config = z.infer<typeof configSchema>;

/** Variables whose values are secrets: never echoed in error messages. */
const SECRET_VARIABLES = new Set(['API_KEYS', 'LOG_HASH_KEY', 'CONVERSATION_SECRET']);

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    /** The environment variables that were wrong. */
    readonly variables: string[],
  ) {
    super(message);
  }
}

/**
 * Parse the environment. Throws `ConfigError` naming every bad variable, e.g.
 * `Invalid configuration: WS_MAX_PAYLOAD: Too big: expected number to be <=1048576 (got "5000000")`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) throw invalidConfiguration(result.error, env);
  const config = result.data;
  // Snapshot files inside the corpus would be read as corpus files (and change its hash).
  if (config.corpus.snapshotDir !== null && isInsideFolder(config.corpus.snapshotDir, config.corpus.dir)) {
    throw new ConfigError(
      `Invalid configuration: INDEX_SNAPSHOT_DIR: must not be inside CORPUS_DIR (got ${JSON.stringify(config.corpus.snapshotDir)})`,
      ['INDEX_SNAPSHOT_DIR'],
    );
  }
  return config;
}

/**
 * One group of settings alone, for a tool that needs no others (the CLI reads `corpus`), so that a
 * server setting it does not use cannot stop it. Throws `ConfigError` as `loadConfig` does.
 */
export function loadSettings<G extends keyof Settings>(group: G, env: Record<string, string | undefined> = process.env): ReadSettings[G] {
  const members = ALL.filter((s) => s.group === group);
  const result = z.object(Object.fromEntries(members.map((s) => [s.env, s.schema]))).safeParse(env);
  if (!result.success) throw invalidConfiguration(result.error, env);
  // Built from `settings[group]` as ReadSettings says; TypeScript cannot follow the loop.
  return Object.fromEntries(members.map((s) => [s.name, result.data[s.env]])) as ReadSettings[G];
}

/** The ConfigError naming every bad variable (and its value, unless it is a secret). */
function invalidConfiguration(error: z.ZodError, env: Record<string, string | undefined>): ConfigError {
  const variables: string[] = [];
  const lines = error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(environment)');
    variables.push(name);
    const got = SECRET_VARIABLES.has(name) ? undefined : env[name];
    return `${name}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
  });
  return new ConfigError(`Invalid configuration: ${lines.join('; ')}`, variables);
}

/** True when `inner` is `outer` or a folder inside it (after resolving both). */
export function isInsideFolder(inner: string, outer: string): boolean {
  const rel = relative(resolve(outer), resolve(inner));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Every variable in schema order: its name, group, `.describe()` text, and the value it takes
 * when unset. The README table is checked against it.
 */
export function describeEnv(): Array<{ name: string; group: string; description: string; unset: unknown }> {
  return ALL.map((s) => ({ name: s.env, group: s.group, description: s.schema.description ?? '', unset: s.schema.parse(undefined) }));
}
