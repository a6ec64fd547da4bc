/** src/config.ts: defaults, bounds, errors that name the variable; README documents every variable. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ConfigError, describeEnv, isInsideFolder, loadConfig } from '../src/config.ts';

t.test('defaults, grouped', async (t) => {
  t.same(loadConfig({}), {
    server: { port: 3000, host: '127.0.0.1', shutdownTimeoutMs: 10000 },
    corpus: { dir: './corpus', snapshotDir: '.cache/index', maxDocumentBytes: 2_097_152 },
    answers: { cacheSize: 2000, analysisCacheSize: 10000, warmUpMs: 2000 },
    logging: { level: 'info', questions: false, hashKey: null },
    limits: {
      maxQuestionLength: 1000,
      wsMaxPayload: 32768,
      wsMaxInflight: 8,
      wsMaxUnreadBytes: 1048576,
      wsMaxSockets: 1000,
      wsMaxSocketsPerIp: 32,
      wsAskBurst: 10,
      wsAsksPerMinute: 60,
      wsIpAskBurst: 200,
      wsIpAsksPerMinute: 1200,
      wsAbuseLimit: 20,
      wsAbuseWindowMs: 10000,
      wsIdleTimeoutMs: 300000,
      wsHeartbeatMs: 30000,
      rateLimitMax: 600,
      rateLimitWindowMs: 60000,
      requestTimeoutMs: 15000,
      maxConnections: 0,
      maxConnectionsPerIp: 64,
      connectionTimeoutMs: 30000,
    },
    access: {
      trustProxy: false,
      publicOrigins: [],
      allowedOrigins: null,
      corsOrigins: ['*'],
      apiKeys: [],
      apiKeysBrowserExempt: true,
      conversationSecret: null,
    },
  });
});

t.test('index snapshots and conversation tokens', async (t) => {
  t.equal(loadConfig({ INDEX_SNAPSHOT_DIR: 'off' }).corpus.snapshotDir, null, 'off turns snapshots off');
  t.equal(loadConfig({ INDEX_SNAPSHOT_DIR: '/var/cache/policy-qa' }).corpus.snapshotDir, '/var/cache/policy-qa');
  t.equal(loadConfig({ CORPUS_DIR: '/data/corpus', INDEX_SNAPSHOT_DIR: '/data/corpus-index' }).corpus.snapshotDir, '/data/corpus-index');
  for (const dir of ['/data/corpus', '/data/corpus/.index', '/data/corpus/sub/../index']) {
    const err = t.throws(() => loadConfig({ CORPUS_DIR: '/data/corpus', INDEX_SNAPSHOT_DIR: dir })) as unknown as ConfigError;
    t.same(err.variables, ['INDEX_SNAPSHOT_DIR'], `${dir}: never inside the corpus folder`);
  }
  t.equal(loadConfig({ ANALYSIS_CACHE_SIZE: '50' }).answers.analysisCacheSize, 50);
  const secret = 'x'.repeat(32);
  t.equal(loadConfig({ CONVERSATION_SECRET: secret }).access.conversationSecret, secret);
  const err = t.throws(() => loadConfig({ CONVERSATION_SECRET: 'short-secret' })) as unknown as ConfigError;
  t.same(err.variables, ['CONVERSATION_SECRET']);
  t.notMatch(err.message, /short-secret/, 'the secret is not echoed');
});

t.test('values are read and coerced', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    CORPUS_DIR: '/data/policies',
    LOG_LEVEL: 'debug',
    MAX_QUESTION_LENGTH: '200',
    WS_MAX_PAYLOAD: '16384',
    WS_MAX_INFLIGHT: '2',
  });
  t.match(config, {
    server: { port: 8080, host: '0.0.0.0' },
    corpus: { dir: '/data/policies' },
    logging: { level: 'debug' },
    limits: { maxQuestionLength: 200, wsMaxPayload: 16384, wsMaxInflight: 2 },
  });
  t.equal(loadConfig({ PORT: '' }).server.port, 3000, 'an empty variable counts as unset');
  t.equal(loadConfig({ WS_MAX_PAYLOAD: '65536' }).limits.wsMaxPayload, 65536, 'upper bound allowed');
  t.equal(loadConfig({ WS_MAX_PAYLOAD: '16384' }).limits.wsMaxPayload, 16384, 'lower bound allowed');
});

t.test('access, privacy and lifecycle settings', async (t) => {
  const config = loadConfig({
    TRUST_PROXY: '10.0.0.0/8, 127.0.0.1, loopback',
    ALLOWED_ORIGINS: 'https://Shop.Example.com, http://localhost:8080/',
    CORS_ORIGINS: 'https://shop.example.com',
    API_KEYS: 'k1-0123456789abcdef, k2-0123456789abcdef,',
    API_KEYS_BROWSER_EXEMPT: 'false',
    LOG_QUESTIONS: 'true',
    LOG_HASH_KEY: 'a-long-enough-hash-key',
    SHUTDOWN_TIMEOUT_MS: '3000',
  });
  t.same(config.access.trustProxy, ['10.0.0.0/8', '127.0.0.1', 'loopback']);
  t.same(config.access.allowedOrigins, ['https://shop.example.com', 'http://localhost:8080'], 'origins normalised');
  t.same(config.access.corsOrigins, ['https://shop.example.com']);
  t.same(config.access.apiKeys, ['k1-0123456789abcdef', 'k2-0123456789abcdef'], 'empty list items dropped');
  t.equal(config.access.apiKeysBrowserExempt, false);
  t.equal(config.logging.questions, true);
  t.equal(config.logging.hashKey, 'a-long-enough-hash-key');
  t.equal(config.server.shutdownTimeoutMs, 3000);
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).access.trustProxy, true);
  t.equal(loadConfig({ ALLOWED_ORIGINS: '*' }).access.allowedOrigins, null, '* = any origin');
  t.same(loadConfig({ CORS_ORIGINS: '*' }).access.corsOrigins, ['*']);
  t.same(loadConfig({ CORS_ORIGINS: 'none' }).access.corsOrigins, [], 'none: no CORS');
  t.same(loadConfig({ ALLOWED_ORIGINS: 'https://a.example' }).access.corsOrigins, ['https://a.example'], 'unset: follows ALLOWED_ORIGINS');
  t.same(loadConfig({}).access.corsOrigins, ['*'], 'both unset: any origin (no credentials are involved)');
});

t.test('secrets are never echoed in configuration errors', async (t) => {
  const key = 'short-secret';
  const err = t.throws(() => loadConfig({ API_KEYS: `${key}` })) as unknown as ConfigError;
  t.same(err.variables, ['API_KEYS']);
  t.notMatch(err.message, key);
  const err2 = t.throws(() => loadConfig({ LOG_HASH_KEY: 'tiny' })) as unknown as ConfigError;
  t.same(err2.variables, ['LOG_HASH_KEY']);
  t.notMatch(err2.message, 'tiny');
});

t.test('a bad setting throws a ConfigError naming the variable', async (t) => {
  const bad: Array<[Record<string, string>, string]> = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ WS_MAX_PAYLOAD: '16383' }, 'WS_MAX_PAYLOAD'],
    [{ WS_MAX_PAYLOAD: '65537' }, 'WS_MAX_PAYLOAD'],
    [{ WS_MAX_PAYLOAD: '20000.5' }, 'WS_MAX_PAYLOAD'],
    [{ TRUST_PROXY: '2' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'TRUST_PROXY'],
    [{ ALLOWED_ORIGINS: 'example.com' }, 'ALLOWED_ORIGINS'],
    [{ ALLOWED_ORIGINS: 'https://example.com/path' }, 'ALLOWED_ORIGINS'],
    [{ CORS_ORIGINS: 'ftp://example.com' }, 'CORS_ORIGINS'],
    [{ API_KEYS: 'has space in it 0123456789' }, 'API_KEYS'],
    [{ LOG_QUESTIONS: 'sometimes' }, 'LOG_QUESTIONS'],
    [{ RATE_LIMIT_MAX: '-5' }, 'RATE_LIMIT_MAX'],
    [{ SHUTDOWN_TIMEOUT_MS: '10' }, 'SHUTDOWN_TIMEOUT_MS'],
    [{ WS_MAX_INFLIGHT: '0' }, 'WS_MAX_INFLIGHT'],
    [{ MAX_QUESTION_LENGTH: '-1' }, 'MAX_QUESTION_LENGTH'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ];
  for (const [env, name] of bad) {
    const err = t.throws(() => loadConfig(env), ConfigError, `${JSON.stringify(env)} is rejected`) as unknown as ConfigError;
    t.match(err.message, new RegExp(`\\b${name}\\b`), `the message names ${name}`);
    t.same(err.variables, [name]);
  }
  const both = t.throws(() => loadConfig({ PORT: 'x', WS_MAX_INFLIGHT: 'y' })) as unknown as ConfigError;
  t.same(both.variables.sort(), ['PORT', 'WS_MAX_INFLIGHT'], 'every bad variable is reported at once');
});

t.test('every variable is described, and the README configuration table agrees with the schema', async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = new Map<string, string>();
  /** The group heading each row stands under: `**server: …** (`config.server`)`. */
  const groupOf = new Map<string, string>();
  let group = '';
  for (const line of readme.split('\n')) {
    const heading = /^\*\*[^*]+\*\* \(`config\.(\w+)`\)$/.exec(line);
    if (heading) group = heading[1]!;
    const row = /^\|\s*`([A-Z_]+)`\s*\|\s*([^|]*?)\s*\|/.exec(line);
    if (row) {
      rows.set(row[1]!, row[2]!);
      groupOf.set(row[1]!, group);
    }
  }
  const variables = describeEnv();
  for (const { name, group, description, unset } of variables) {
    t.ok(description.length > 10, `${name} has a description`);
    t.ok(rows.has(name), `${name} is in the README table`);
    t.equal(groupOf.get(name), group, `${name} is listed under its group (config.${group})`);
    // A plain default (number, string, boolean) opens the table's default column, written as is.
    if (['number', 'string', 'boolean'].includes(typeof unset)) {
      t.ok(rows.get(name)?.startsWith(`\`${String(unset)}\``), `${name}: the README's default is the schema's (${String(unset)})`);
    }
  }
  const documented = [...rows.keys()].filter((name) => /^[A-Z][A-Z_]+$/.test(name));
  t.same(documented.filter((name) => !variables.some((v) => v.name === name)), [], 'the README documents no variable the schema lacks');
});

t.test('isInsideFolder: a folder is inside itself and its descendants, never a sibling with the same prefix', async (t) => {
  t.ok(isInsideFolder('/a/b', '/a/b'));
  t.ok(isInsideFolder('/a/b/c', '/a/b'));
  t.ok(isInsideFolder('/a/b/./c/../d', '/a/b'));
  t.notOk(isInsideFolder('/a/bc', '/a/b'));
  t.notOk(isInsideFolder('/a', '/a/b'));
  t.notOk(isInsideFolder('/x/..b', '/x/y'));
});
