/**
 * What stands between the public internet and the routes: Origin allowlist for the WebSocket
 * (403 before the upgrade), API keys (401 before body or upgrade), the HTTP rate limit, security
 * headers, CORS, proxies. Against real sockets where the HTTP status of a refused upgrade matters.
 */
import t from 'tap';
import { request } from 'node:http';
import { ApiKeys, OwnOrigins, originAllowed, originsOfAddress } from '../../src/server/security.ts';
import { buildTestApp, captureLogger, listen, testConfig, tryUpgrade, type ChatClient } from '../helper.ts';

/** The status of a GET with exactly these headers (fetch would not let a test set Host). */
function fetchStatus(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };
const KEY = 'test-key-0123456789abcdef';
const OTHER_KEY = 'other-key-0123456789abcdef';

t.test('originAllowed: no Origin is not a browser; unset allowlist allows all; own origin always', async (t) => {
  const own = new OwnOrigins(['http://127.0.0.1:3000'], () => null);
  t.ok(originAllowed(undefined, own, ['https://a.example']), 'no Origin header');
  t.ok(originAllowed('https://evil.example', own, null), 'no allowlist');
  t.ok(originAllowed('https://a.example', own, ['https://a.example']), 'listed');
  t.ok(originAllowed('https://A.EXAMPLE:443', own, ['https://a.example']), 'compared after normalisation');
  t.ok(originAllowed('http://127.0.0.1:3000', own, ['https://a.example']), 'own origin');
  t.notOk(originAllowed('https://evil.example', own, ['https://a.example']), 'other origin');
  t.notOk(originAllowed('https://a.example.evil.example', own, ['https://a.example']), 'suffix trick');
  t.notOk(originAllowed('http://a.example', own, ['https://a.example']), 'other scheme');
  t.notOk(originAllowed('null', own, ['https://a.example']), '"null" origin (sandboxed frame, file://)');
  t.notOk(originAllowed('not a url', own, ['https://a.example']), 'garbage');
});

t.test('own origins: PUBLIC_ORIGIN when set, else the listening address; never the Host header', async (t) => {
  const configured = new OwnOrigins(['https://policy.example.com'], () => ({ address: '127.0.0.1', family: 'IPv4', port: 3000 }));
  t.same(configured.list(), ['https://policy.example.com'], 'the configuration replaces the listening address');
  t.ok(configured.hasHost('policy.example.com'), 'Host of the public origin (default port)');
  t.ok(configured.hasHost('policy.example.com:443'), 'explicit default port');
  t.notOk(configured.hasHost('policy.example.com:8443'), 'another port');
  t.notOk(configured.hasHost('evil.example'), 'another host');
  t.notOk(configured.hasHost(undefined), 'no Host');

  t.same(originsOfAddress({ address: '127.0.0.1', family: 'IPv4', port: 3000 }).sort(), [
    'http://127.0.0.1:3000',
    'http://[::1]:3000',
    'http://localhost:3000',
  ], 'loopback: the local names');
  t.ok(originsOfAddress({ address: '0.0.0.0', family: 'IPv4', port: 80 }).includes('http://localhost'), 'any address: local names too (port 80 normalised)');
  t.same(originsOfAddress({ address: '10.0.0.5', family: 'IPv4', port: 3000 }), ['http://10.0.0.5:3000'], 'a specific address: only itself');
  t.same(originsOfAddress({ address: 'fd00::5', family: 'IPv6', port: 3000 }), ['http://[fd00::5]:3000'], 'IPv6 in brackets');
  t.same(originsOfAddress(null), [], 'not listening');
});

t.test('PUBLIC_ORIGIN must be http(s) origins', async (t) => {
  t.same(testConfig({ PUBLIC_ORIGIN: 'https://Policy.Example.com, http://localhost:3000' }).access.publicOrigins, [
    'https://policy.example.com',
    'http://localhost:3000',
  ]);
  t.throws(() => testConfig({ PUBLIC_ORIGIN: '*' }), /PUBLIC_ORIGIN/);
  t.throws(() => testConfig({ PUBLIC_ORIGIN: 'https://policy.example.com/chat' }), /PUBLIC_ORIGIN/);
  t.same(testConfig().access.publicOrigins, [], 'unset: derived from the listening address');
});

t.test('DNS rebinding: a page whose Host and Origin agree on a foreign name is not same-origin', async (t) => {
  const app = await buildTestApp(t, { env: { API_KEYS: KEY, ALLOWED_ORIGINS: 'https://shop.example.com' } });
  const { ws, port } = await listen(app);
  const rebound = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };

  const upgrade = await tryUpgrade(t, ws, { origin: rebound.origin, headers: { host: rebound.host } });
  t.equal(upgrade.upgraded ? 101 : upgrade.status, 403, 'the socket: the rebound origin is not the server\'s own');

  const get = (headers: Record<string, string>) => fetchStatus(port, '/v1/documents', headers);
  t.equal(await get(rebound), 401, 'HTTP with Origin = Host = the attacker\'s name: a key is needed');
  t.equal(await get({ host: rebound.host, 'sec-fetch-site': 'same-origin' }), 401, 'a same-origin GET sent to the attacker\'s name: a key is needed');
  t.equal(await get({ 'sec-fetch-site': 'same-origin' }), 200, 'a same-origin GET sent to the listening address: exempt');
  t.equal(await get({ origin: `http://localhost:${port}`, host: `localhost:${port}` }), 200, 'the demo page opened at localhost: exempt');
});

t.test('PUBLIC_ORIGIN: pages at the public origin are same-origin, the listening address no longer is', async (t) => {
  const app = await buildTestApp(t, {
    env: { API_KEYS: KEY, ALLOWED_ORIGINS: 'https://shop.example.com', PUBLIC_ORIGIN: 'https://policy.example.com' },
  });
  const { ws, port } = await listen(app);
  const pub = await tryUpgrade(t, ws, { origin: 'https://policy.example.com' });
  t.equal(pub.upgraded, true, 'the demo page served at the public origin opens the socket without a key');
  const local = await tryUpgrade(t, ws, { origin: `http://127.0.0.1:${port}` });
  t.equal(local.upgraded ? 101 : local.status, 403, 'the listening address is not an own origin once PUBLIC_ORIGIN is set');
  const res = await app.inject({ url: '/healthz' });
  t.match(String(res.headers['content-security-policy']), /connect-src 'self' ws:\/\/policy\.example\.com wss:\/\/policy\.example\.com/, 'CSP names the public host');
});

t.test('WebSocket from a disallowed Origin → HTTP 403 before the upgrade', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, { env: { ALLOWED_ORIGINS: 'https://shop.example.com' }, logger: log.logger });
  const { ws, port } = await listen(app);

  const evil = await tryUpgrade(t, ws, { origin: 'https://evil.example' });
  t.equal(evil.upgraded, false, 'not upgraded');
  if (!evil.upgraded) {
    t.equal(evil.status, 403);
    t.equal(evil.body.error?.code, 'forbidden_origin');
  }
  t.equal(app.websocketServer.clients.size, 0, 'no socket was ever opened on the server');

  const listed = await tryUpgrade(t, ws, { origin: 'https://shop.example.com' });
  t.equal(listed.upgraded, true, 'a listed origin is upgraded');
  if (listed.upgraded) t.equal((await listed.client.next()).type, 'ready');

  const own = await tryUpgrade(t, ws, { origin: `http://127.0.0.1:${port}` });
  t.equal(own.upgraded, true, "the server's own origin (the demo page at /, listening address) is always allowed");

  const cli = await tryUpgrade(t, ws);
  t.equal(cli.upgraded, true, 'no Origin header (a non-browser client) is not concerned');

  t.ok(log.lines.some((l) => l.msg === 'ws refused: origin not allowed' && l.origin === 'https://evil.example'), 'refusal logged');
});

t.test('without ALLOWED_ORIGINS any origin may open the WebSocket', async (t) => {
  const app = await buildTestApp(t);
  const { ws } = await listen(app);
  const res = await tryUpgrade(t, ws, { origin: 'https://anywhere.example' });
  t.equal(res.upgraded, true);
});

t.test('API keys: 401 without a valid key, before the body is read; both header forms work', async (t) => {
  const log = captureLogger();
  const app = await buildTestApp(t, { env: { API_KEYS: `${KEY},${OTHER_KEY}` }, logger: log.logger });
  const body = { question: 'Is my data transferred to Japan?' };

  const none = await app.inject({ method: 'POST', url: '/v1/ask', payload: body });
  t.equal(none.statusCode, 401, 'no key → 401');
  t.equal(none.json().error.code, 'unauthorized');
  t.match(none.headers['www-authenticate'], /^Bearer/);

  const wrong = await app.inject({ method: 'POST', url: '/v1/ask', payload: body, headers: { authorization: `Bearer ${KEY}x` } });
  t.equal(wrong.statusCode, 401, 'wrong key → 401');

  // 401 comes before the body is parsed: an invalid body still gets 401, not 400.
  const early = await app.inject({ method: 'POST', url: '/v1/ask', headers: json, payload: '{not json' });
  t.equal(early.statusCode, 401, 'checked before the body is parsed');

  const bearer = await app.inject({ method: 'POST', url: '/v1/ask', payload: body, headers: { authorization: `Bearer ${KEY}` } });
  t.equal(bearer.statusCode, 200, 'Authorization: Bearer <key>');
  const lower = await app.inject({ method: 'POST', url: '/v1/ask', payload: body, headers: { authorization: `bearer ${OTHER_KEY}` } });
  t.equal(lower.statusCode, 200, 'the second key, scheme case-insensitive');
  const header = await app.inject({ url: '/v1/documents', headers: { 'x-api-key': KEY } });
  t.equal(header.statusCode, 200, 'x-api-key: <key>');

  for (const url of ['/v1/documents', '/v1/search?q=Japan', '/metrics']) {
    t.equal((await app.inject(url)).statusCode, 401, `${url} needs a key`);
  }
  for (const url of ['/healthz', '/readyz', '/docs/openapi.json']) {
    t.equal((await app.inject(url)).statusCode, 200, `${url} needs none`);
  }
  t.notMatch(log.text(), KEY, 'the key never reaches the log');
  t.notMatch(log.text(), OTHER_KEY, 'the key never reaches the log');
});

t.test('API keys on the WebSocket: 401 before the upgrade; a key, or a trusted browser origin, gets in', async (t) => {
  const app = await buildTestApp(t, { env: { API_KEYS: KEY, ALLOWED_ORIGINS: 'https://shop.example.com' } });
  const { ws, port } = await listen(app);

  const none = await tryUpgrade(t, ws);
  t.equal(none.upgraded, false);
  if (!none.upgraded) {
    t.equal(none.status, 401, 'a non-browser client without a key');
    t.equal(none.body.error?.code, 'unauthorized');
  }
  const bad = await tryUpgrade(t, ws, { headers: { authorization: 'Bearer nope-nope-nope-nope' } });
  t.equal(bad.upgraded ? 0 : bad.status, 401, 'a bad key');

  const keyed = await tryUpgrade(t, ws, { headers: { authorization: `Bearer ${KEY}` } });
  t.equal(keyed.upgraded, true, 'with a key');
  const widget = await tryUpgrade(t, ws, { origin: 'https://shop.example.com' });
  t.equal(widget.upgraded, true, 'the widget on an allowed origin needs no key (API_KEYS_BROWSER_EXEMPT)');
  const own = await tryUpgrade(t, ws, { origin: `http://127.0.0.1:${port}` });
  t.equal(own.upgraded, true, 'nor does the demo page on the same origin');
  const evil = await tryUpgrade(t, ws, { origin: 'https://evil.example', headers: { 'x-api-key': KEY } });
  t.equal(evil.upgraded ? 0 : evil.status, 403, 'a key does not lift the origin check');
});

t.test('API_KEYS_BROWSER_EXEMPT=false: browsers need a key too', async (t) => {
  const app = await buildTestApp(t, {
    env: { API_KEYS: KEY, API_KEYS_BROWSER_EXEMPT: 'false', ALLOWED_ORIGINS: 'https://shop.example.com' },
  });
  const { ws } = await listen(app);
  const widget = await tryUpgrade(t, ws, { origin: 'https://shop.example.com' });
  t.equal(widget.upgraded ? 0 : widget.status, 401);
  const sameOrigin = await app.inject({ url: '/v1/documents', headers: { 'sec-fetch-site': 'same-origin' } });
  t.equal(sameOrigin.statusCode, 401);
});

t.test('browser exemption over HTTP: same-origin pages and listed origins, not any Origin', async (t) => {
  const app = await buildTestApp(t, {
    env: { API_KEYS: KEY, CORS_ORIGINS: 'https://shop.example.com', PUBLIC_ORIGIN: 'http://localhost' },
  });
  const ok = async (headers: Record<string, string>) => (await app.inject({ url: '/v1/documents', headers })).statusCode;
  t.equal(await ok({ 'sec-fetch-site': 'same-origin', host: 'localhost' }), 200, 'same-origin fetch (no Origin header on GET) to the public host');
  t.equal(await ok({ origin: 'http://localhost:80' }), 200, 'Origin = PUBLIC_ORIGIN');
  t.equal(await ok({ origin: 'http://other.example', host: 'other.example' }), 401, 'Origin = Host is not enough');
  t.equal(await ok({ origin: 'https://shop.example.com' }), 200, 'a CORS origin');
  t.equal(await ok({ origin: 'https://evil.example' }), 401, 'another origin');
  t.equal(await ok({ 'sec-fetch-site': 'cross-site' }), 401, 'a cross-site fetch');
});

t.test('ApiKeys compares digests of every key (timingSafeEqual) and rejects empty keys', async (t) => {
  const keys = new ApiKeys([KEY, OTHER_KEY]);
  t.ok(keys.check(KEY));
  t.ok(keys.check(OTHER_KEY));
  t.notOk(keys.check(KEY.slice(0, -1)), 'a prefix');
  t.notOk(keys.check(`${KEY} `), 'with a trailing space');
  t.notOk(keys.check(''), 'empty');
  t.notOk(keys.check(undefined), 'absent');
  t.notOk(new ApiKeys([]).check(''), 'no keys configured: nothing matches');
  t.equal(ApiKeys.fromRequest({ headers: { authorization: `Bearer ${KEY}` } }), KEY);
  t.equal(ApiKeys.fromRequest({ headers: { authorization: `Basic ${KEY}` } }), undefined, 'only Bearer');
  t.equal(ApiKeys.fromRequest({ headers: { 'x-api-key': KEY } }), KEY);
});

t.test('HTTP rate limit per client IP on /v1/*: 429 rate_limited with Retry-After and retryAfterMs; probes and pages exempt', async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' } });
  for (let i = 0; i < 3; i++) t.equal((await app.inject('/v1/documents')).statusCode, 200, `request ${i + 1} of 3`);
  const over = await app.inject('/v1/documents');
  t.equal(over.statusCode, 429);
  const body = over.json();
  t.equal(body.error.code, 'rate_limited');
  t.type(body.error.retryAfterMs, 'number');
  t.ok(body.error.retryAfterMs > 0 && body.error.retryAfterMs <= 60000, 'retryAfterMs within the window');
  t.ok(Number(over.headers['retry-after']) > 0, 'Retry-After header');
  const ask = await app.inject({ method: 'POST', url: '/v1/ask', payload: { question: 'Japan?' } });
  t.equal(ask.statusCode, 429, 'every route counts against the same budget');
  for (let i = 0; i < 5; i++) {
    t.equal((await app.inject('/healthz')).statusCode, 200, '/healthz is never limited');
    t.equal((await app.inject('/readyz')).statusCode, 200, '/readyz is never limited');
    t.equal((await app.inject('/metrics')).statusCode, 200, '/metrics is never limited');
    t.not((await app.inject('/widget.js')).statusCode, 429, 'nor are the widget assets');
  }
  const other = await app.inject({ url: '/v1/documents', remoteAddress: '10.1.2.3' });
  t.equal(other.statusCode, 200, 'another client IP has its own budget');
});

t.test('TRUST_PROXY: limits count the client address from X-Forwarded-For, only from a trusted proxy', async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_MAX: '1', TRUST_PROXY: '127.0.0.1' } });
  const get = (xff: string, remoteAddress = '127.0.0.1') =>
    app.inject({ url: '/v1/documents', remoteAddress, headers: { 'x-forwarded-for': xff } });
  t.equal((await get('203.0.113.1')).statusCode, 200);
  t.equal((await get('203.0.113.1')).statusCode, 429, 'same forwarded client → limited');
  t.equal((await get('203.0.113.2')).statusCode, 200, 'another forwarded client → its own budget');
  // A peer that is not the trusted proxy cannot pick its address by sending the header.
  t.equal((await get('203.0.113.3', '198.51.100.7')).statusCode, 200);
  t.equal((await get('203.0.113.4', '198.51.100.7')).statusCode, 429, 'untrusted peer: counted under its own address');
});

t.test('security headers: a CSP the pages can live with (scripts from self only), nosniff, frame options', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({ url: '/healthz', headers: { host: '127.0.0.1:3000' } });
  const csp = String(res.headers['content-security-policy']);
  t.match(csp, /(^|;)script-src 'self'(;|$)/, "script-src 'self' only: no inline scripts");
  t.match(csp, /script-src-attr 'none'/, 'no inline event handlers');
  t.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:3000 wss:\/\/127\.0\.0\.1:3000/, 'the widget may open its socket to this host');
  t.match(csp, /object-src 'none'/);
  t.match(csp, /frame-ancestors 'self'/);
  t.notMatch(csp, /unsafe-inline|unsafe-eval/);
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
  t.equal(res.headers['referrer-policy'], 'no-referrer');
  const weird = await app.inject({ url: '/healthz', headers: { host: 'x;script-src *' } });
  t.notMatch(String(weird.headers['content-security-policy']), /script-src \*/, 'a forged Host cannot inject CSP directives');
  const err = await app.inject('/nowhere');
  t.ok(err.headers['content-security-policy'], 'on error responses too');
});

t.test('CORS: follows ALLOWED_ORIGINS by default, CORS_ORIGINS when set; preflights need no key', async (t) => {
  const open = await buildTestApp(t);
  const any = await open.inject({ url: '/v1/documents', headers: { origin: 'https://shop.example.com' } });
  t.equal(any.headers['access-control-allow-origin'], '*', 'nothing set: any page may read (no credentials involved)');
  t.equal(any.headers['access-control-allow-credentials'], undefined, 'never with credentials');

  const widgetSites = await buildTestApp(t, { env: { ALLOWED_ORIGINS: 'https://shop.example.com' } });
  const listed = await widgetSites.inject({ url: '/v1/documents', headers: { origin: 'https://shop.example.com' } });
  t.equal(listed.headers['access-control-allow-origin'], 'https://shop.example.com', 'the widget sites may fetch clauses');
  const unlisted = await widgetSites.inject({ url: '/v1/documents', headers: { origin: 'https://evil.example' } });
  t.equal(unlisted.headers['access-control-allow-origin'], undefined, 'other sites may not');

  const none = await buildTestApp(t, { env: { CORS_ORIGINS: 'none' } });
  const plain = await none.inject({ url: '/v1/documents', headers: { origin: 'https://shop.example.com' } });
  t.equal(plain.headers['access-control-allow-origin'], undefined, 'CORS_ORIGINS=none → no CORS headers');

  const app = await buildTestApp(t, { env: { CORS_ORIGINS: 'https://shop.example.com', API_KEYS: KEY } });
  const allowed = await app.inject({ url: '/v1/documents', headers: { origin: 'https://shop.example.com' } });
  t.equal(allowed.headers['access-control-allow-origin'], 'https://shop.example.com');
  const other = await app.inject({ url: '/v1/documents', headers: { origin: 'https://evil.example', 'x-api-key': KEY } });
  t.equal(other.headers['access-control-allow-origin'], undefined, 'another origin gets no CORS header');
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/ask',
    headers: {
      origin: 'https://shop.example.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
  t.equal(preflight.statusCode, 204);
  t.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
});

t.test('closing the app: open sockets get 1001, then no new connections are accepted', async (t) => {
  const app = await buildTestApp(t);
  const { http, ws } = await listen(app);
  const { client } = (await tryUpgrade(t, ws)) as { upgraded: true; client: ChatClient };
  t.equal((await client.next()).type, 'ready');
  const closing = app.close();
  t.same(await client.closed.then((c) => c.code), 1001, 'the open socket is closed with 1001');
  await closing;
  const after = await fetch(`${http}/healthz`).then(
    () => 'answered',
    () => 'refused',
  );
  t.equal(after, 'refused', 'no new connections once closed');
});
