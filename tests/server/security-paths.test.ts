/**
 * Access is decided from the route the router matched, not from the URL string: every spelling
 * of a protected path that the router resolves to the route (percent-encoded letters, any hex
 * case) needs a key and counts against the rate limit, and every other spelling (double
 * encoding, encoded or doubled slashes, trailing slashes, case changes, dot segments) reaches
 * no route at all. Real sockets and raw request lines: an HTTP client library would normalise
 * some of these paths before sending them.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import t from 'tap';
import { WEBPROS, buildTestApp, listen } from '../helper.ts';

const KEY = 'test-key-0123456789abcdef';

interface Protected {
  method: 'GET' | 'POST';
  path: string;
  query?: string;
  body?: string;
  /** A WebSocket upgrade rather than a plain request. */
  upgrade?: boolean;
  /** Counts against the HTTP rate limit (the API does, /metrics does not). */
  limited: boolean;
}

const PROTECTED: Protected[] = [
  { method: 'GET', path: '/v1/documents', limited: true },
  { method: 'GET', path: `/v1/documents/${WEBPROS}`, limited: true },
  // Declares no access of its own: protected by the fail-closed default.
  { method: 'GET', path: `/v1/documents/${WEBPROS}/facts`, limited: true },
  { method: 'GET', path: '/v1/search', query: '?q=Japan', limited: true },
  { method: 'POST', path: '/v1/ask', body: JSON.stringify({ question: 'Is my data transferred to Japan?' }), limited: true },
  { method: 'GET', path: '/v1/chat', upgrade: true, limited: true },
  { method: 'GET', path: '/metrics', limited: false },
];

const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');

/** Spellings of `path` a router might (or might not) read as `path`. */
export function pathVariants(path: string): string[] {
  const out = new Set<string>();
  const chars = [...path];
  chars.forEach((c, i) => {
    if (c === '/') return;
    const encode = (code: string) => [...chars.slice(0, i), `%${code}`, ...chars.slice(i + 1)].join('');
    out.add(encode(hex(c))); // /%761/documents
    out.add(encode(hex(c).toUpperCase())); // /%6D... (hex case)
    out.add(encode(`25${hex(c)}`)); // double encoding: /%25761/documents
  });
  out.add(chars.map((c) => (c === '/' ? c : `%${hex(c)}`)).join('')); // every character
  chars.forEach((c, i) => {
    if (c === '/' && i > 0) out.add(`${path.slice(0, i)}%2F${path.slice(i + 1)}`); // encoded slash
    if (c === '/' && i > 0) out.add(`${path.slice(0, i)}%2f${path.slice(i + 1)}`);
    if (c === '/') out.add(`${path.slice(0, i)}/${path.slice(i)}`); // //v1, /v1//documents
  });
  out.add(`${path}/`);
  out.add(`${path}//`);
  out.add(`${path}%2F`);
  out.add(path.toUpperCase());
  out.add(path.replace(/^\/(\w)/, (_m, c: string) => `/${c.toUpperCase()}`));
  out.add(path.replace(/\/(\w)/g, (_m, c: string) => `/${c.toUpperCase()}`));
  out.add(path.replace(/\//g, '/./'));
  out.add(path.replace(/^\/(\w+)/, '/x/../$1'));
  out.add(`${path};x`);
  out.add(`${path}%00`);
  out.add(`${path}%20`);
  out.add(`${path}%09`);
  out.add(`${path}#`);
  out.add(`/%2e${path}`);
  out.add(`${path}/%2e`);
  out.delete(path);
  return [...out];
}

interface Outcome {
  status: number;
  code?: string;
}

/** Send one raw request (the path byte for byte); for an upgrade, 101 when it was upgraded. */
function send(port: number, p: Protected, path: string, headers: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const upgradeHeaders: Record<string, string> = p.upgrade
      ? {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': randomBytes(16).toString('base64'),
        }
      : {};
    const req = request({
      host: '127.0.0.1',
      port,
      method: p.method,
      path: path + (p.query ?? ''),
      headers: {
        ...(p.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(p.body)) } : {}),
        ...upgradeHeaders,
        ...headers,
      },
      agent: false,
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101 });
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
        } catch {
          // not JSON (a 200 from /metrics)
        }
        resolve({ status: res.statusCode ?? 0, ...(code !== undefined ? { code } : {}) });
      });
    });
    req.on('error', reject);
    req.end(p.body);
  });
}

t.test('pathVariants covers the spellings the issue names', async (t) => {
  const v = pathVariants('/v1/documents');
  for (const want of ['/%761/documents', '/v%31/documents', '/v1%2Fdocuments', '/%25761/documents', '/v1/documents/', '//v1/documents', '/V1/documents']) {
    t.ok(v.includes(want), want);
  }
  t.ok(pathVariants('/metrics').includes('/%6detrics'), '/%6detrics');
});

t.test('without a key, no spelling of a protected route is served; the ones the router resolves answer 401', async (t) => {
  const app = await buildTestApp(t, { env: { API_KEYS: KEY, RATE_LIMIT_MAX: '0' } });
  const { port } = await listen(app);
  for (const p of PROTECTED) {
    const resolved: string[] = [];
    for (const path of pathVariants(p.path)) {
      const res = await send(port, p, path);
      if (![400, 401, 404].includes(res.status)) t.fail(`${p.method} ${path}${p.upgrade ? ' (upgrade)' : ''} → ${res.status} without a key`);
      if (res.status === 401) {
        t.equal(res.code, 'unauthorized');
        resolved.push(path);
      }
    }
    // The router decodes percent-encoded letters: those spellings reach the route, so the test
    // above exercised the key check and not merely the 404 handler.
    const firstEncoded = `/%${hex(p.path[1]!)}${p.path.slice(2)}`;
    t.ok(resolved.includes(firstEncoded), `${firstEncoded} reaches the route and is refused`);
    t.ok(resolved.length >= p.path.replaceAll('/', '').length, `${p.path}: every single encoded character reaches the route and is refused`);
    // With the key the refusal goes away (`/v1/documents/` is `/v1/documents/:id` with an empty
    // id: 404 from the route itself); the plain encoded spellings are served.
    for (const path of resolved) {
      const res = await send(port, p, path, { 'x-api-key': KEY });
      t.not(res.status, 401, `${path} with a key is not refused`);
    }
    const served = await send(port, p, firstEncoded, { 'x-api-key': KEY });
    t.equal(served.status, p.upgrade ? 101 : 200, `${firstEncoded} with a key is served`);
  }
});

t.test('every spelling of an API route counts against the HTTP rate limit', async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_MAX: '1', TRUST_PROXY: '127.0.0.1' } });
  const { port } = await listen(app);
  let client = 0;
  for (const p of PROTECTED.filter((x) => x.limited)) {
    for (const path of [p.path, ...pathVariants(p.path)]) {
      // Each spelling from a client address of its own (X-Forwarded-For from the trusted proxy).
      client++;
      const xff = { 'x-forwarded-for': `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` };
      await send(port, p, path, xff);
      const second = await send(port, p, path, xff);
      t.equal(second.status, 429, `${p.method} ${path}${p.upgrade ? ' (upgrade)' : ''}: the second request is limited`);
    }
  }
});
