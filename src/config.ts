/**
 * The service's whole configuration: ONE zod schema over the environment, parsed once at
 * start by `main.ts` and passed down. Nothing else reads `process.env`.
 *
 * To add a setting: add a key to `envSchema` below (with a default and a `.describe()`),
 * map it in `toConfig`, and add a row to the README's configuration table.
 */
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An integer read from an env string, within [min, max]. Empty string counts as unset. */
function intVar(def: number, min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(min).max(max).default(def),
  );
}

function stringVar(def: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().default(def),
  );
}

export const envSchema = z.object({
  // --- network -------------------------------------------------------------------------
  PORT: intVar(3000, 0, 65535).describe('TCP port the HTTP/WebSocket server listens on (0 = any free port).'),
  HOST: stringVar('127.0.0.1').describe('Interface to bind; use 0.0.0.0 inside a container.'),

  // --- corpus --------------------------------------------------------------------------
  CORPUS_DIR: stringVar('./corpus').describe('Folder of policy files (.txt, .md, .html) loaded at start.'),

  // --- logging -------------------------------------------------------------------------
  LOG_LEVEL: z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.enum(LOG_LEVELS).default('info'))
    .describe('pino log level: fatal, error, warn, info, debug, trace or silent.'),

  // --- limits --------------------------------------------------------------------------
  MAX_QUESTION_LENGTH: intVar(1000, 1, 100_000).describe(
    'Longest accepted question, in characters after normalisation (longer → question_too_long).',
  ),
  WS_MAX_PAYLOAD: intVar(32_768, 1024, 1_048_576).describe(
    'Largest WebSocket frame in bytes (1024..1048576); a bigger frame closes the socket with 1009.',
  ),
  WS_MAX_INFLIGHT: intVar(8, 1, 1000).describe(
    'Most asks one WebSocket may have queued or running at once (more → too_many_inflight).',
  ),

  // --- more settings go here (rate limits, auth, CORS, ...) --------------------------------
});

export type Env = z.infer<typeof envSchema>;

/** The parsed configuration every module receives. */
export interface Config {
  port: number;
  host: string;
  corpusDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  maxQuestionLength: number;
  wsMaxPayload: number;
  wsMaxInflight: number;
}

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

function toConfig(env: Env): Config {
  return {
    port: env.PORT,
    host: env.HOST,
    corpusDir: env.CORPUS_DIR,
    logLevel: env.LOG_LEVEL,
    maxQuestionLength: env.MAX_QUESTION_LENGTH,
    wsMaxPayload: env.WS_MAX_PAYLOAD,
    wsMaxInflight: env.WS_MAX_INFLIGHT,
  };
}

/**
 * Parse the environment. Throws `ConfigError` naming every bad variable, e.g.
 * `Invalid configuration: WS_MAX_PAYLOAD: Too big: expected number to be <=1048576 (got "5000000")`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const variables: string[] = [];
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      variables.push(name);
      const got = env[name];
      return `${name}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`, variables);
  }
  return toConfig(result.data);
}

/** Every variable's name and `.describe()` text, in schema order (the README table is checked against it). */
export function describeEnv(): Array<{ name: string; description: string }> {
  return Object.entries(envSchema.shape).map(([name, schema]) => ({
    name,
    description: schema.description ?? '',
  }));
}
