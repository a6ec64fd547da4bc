/**
 * The connection layer (src/server/connections.ts) against real sockets: the whole request
 * (headers and body) within REQUEST_TIMEOUT_MS, caps on open connections in total and per
 * address with a 503 in our shape, refusals that close the connection, Node's own 400/408/431
 * replies in the `{error: {code}}` shape.
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import t from 'tap';
import { trustedPeers } from '../../src/server/connections.ts';
import { buildTestApp, listen } from '../helper.ts';

interface RawResult {
  /** Everything the server sent before closing. */
  text: string;
  status: number | null;
  code: string | undefined;
  /** Milliseconds from the first byte sent to the close. */
  ms: number;
}

/** A connection that sends `head`, then `drip` (one body byte) every `dripMs`, until the server closes it. */
function dripRequest(
  port: number,
  head: string,
  dripMs: number,
  localAddress = '127.0.0.1',
  drip: (n: number) => string = () => '{',
): { socket: Socket; done: Promise<RawResult> } {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  const started = Date.now();
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (text += d));
  socket.on('error', () => {});
  socket.write(head);
  let n = 0;
  const timer = setInterval(() => socket.writable && socket.write(drip(n++)), dripMs);
  const done = new Promise<RawResult>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      let code: string | undefined;
      try {
        code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
      } catch {
        // no JSON body
      }
      resolve({ text, status: status ? Number(status[1]) : null, code, ms: Date.now() - started });
    });
  });
  return { socket, done };
}

const SLOW_POST = 'POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';

/** GET a path from a given local address; the status, or the error. */
function getFrom(port: number, path: string, localAddress: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err) => resolve(String(err)));
    req.end();
  });
}

t.test('a body sent one byte at a time is cut at REQUEST_TIMEOUT_MS with 408 request_timeout', async (t) => {
  const app = await buildTestApp(t, { env: { REQUEST_TIMEOUT_MS: '1000' } });
  const { port } = await listen(app);
  const { done } = dripRequest(port, SLOW_POST, 200);
  const res = await done;
  t.equal(res.status, 408);
  t.equal(res.code, 'request_timeout');
  t.match(res.text, /\r\nConnection: close\r\n/i);
  t.ok(res.ms >= 1000, `not before the timeout (${res.ms} ms)`);
  // Node checks deadlines every TIMEOUT_CHECK_MS (1 s); generous slack for a loaded machine.
  t.ok(res.ms < 8000, `closed soon after it (${res.ms} ms), not at the 60 s headers timeout`);

  const slowHead = dripRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 200, '127.0.0.1', (n) => `X-${n}: y\r\n`);
  const head = await slowHead.done;
  t.equal(head.status, 408, 'headers sent slowly: the same');
});

t.test('connections over MAX_CONNECTIONS_PER_IP get 503 too_many_connections; other addresses are served', async (t) => {
  const app = await buildTestApp(t, { env: { MAX_CONNECTIONS_PER_IP: '3', REQUEST_TIMEOUT_MS: '60000' } });
  const { port } = await listen(app);
  const slow = [0, 1, 2].map(() => dripRequest(port, SLOW_POST, 500));
  t.teardown(() => slow.forEach((s) => s.socket.destroy()));
  await new Promise((r) => setTimeout(r, 200));
  const extra = await dripRequest(port, SLOW_POST, 500).done;
  t.equal(extra.status, 503, 'the fourth from the same address is refused');
  t.equal(extra.code, 'too_many_connections');
  t.equal(await getFrom(port, '/healthz', '127.0.0.2'), 200, 'another address still gets /healthz');
  slow[0]!.socket.destroy();
  await new Promise((r) => setTimeout(r, 200));
  t.equal(await getFrom(port, '/healthz', '127.0.0.1'), 200, 'a freed slot can be used again');
});

t.test('MAX_CONNECTIONS caps every address together', async (t) => {
  const app = await buildTestApp(t, { env: { MAX_CONNECTIONS: '2', REQUEST_TIMEOUT_MS: '60000' } });
  const { port } = await listen(app);
  const slow = [dripRequest(port, SLOW_POST, 500, '127.0.0.1'), dripRequest(port, SLOW_POST, 500, '127.0.0.3')];
  t.teardown(() => slow.forEach((s) => s.socket.destroy()));
  await new Promise((r) => setTimeout(r, 200));
  const res = await dripRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 500, '127.0.0.4').done;
  t.equal(res.code, 'too_many_connections');
});

t.test('a TRUST_PROXY peer is not held to the per-address cap', async (t) => {
  const isProxy = trustedPeers(['10.0.0.0/8', 'loopback']);
  t.ok(isProxy('10.1.2.3'));
  t.ok(isProxy('127.0.0.1'));
  t.ok(isProxy('::ffff:127.0.0.1'), 'IPv4-mapped');
  t.ok(isProxy('::1'));
  t.notOk(isProxy('192.0.2.1'));
  t.notOk(trustedPeers(false)('127.0.0.1'));

  const app = await buildTestApp(t, { env: { MAX_CONNECTIONS_PER_IP: '1', TRUST_PROXY: 'loopback', REQUEST_TIMEOUT_MS: '60000' } });
  const { port } = await listen(app);
  const slow = [dripRequest(port, SLOW_POST, 500), dripRequest(port, SLOW_POST, 500)];
  t.teardown(() => slow.forEach((s) => s.socket.destroy()));
  await new Promise((r) => setTimeout(r, 200));
  t.equal(await getFrom(port, '/healthz', '127.0.0.1'), 200, 'the proxy holds three connections');
});

t.test('a refusal sent before the body has arrived closes the connection; so does a 429', async (t) => {
  const app = await buildTestApp(t, { env: { API_KEYS: 'test-key-0123456789abcdef', REQUEST_TIMEOUT_MS: '60000' } });
  const { port } = await listen(app);
  const res = await dripRequest(port, SLOW_POST, 200).done;
  t.equal(res.status, 401, 'refused at once (no key)');
  t.match(res.text, /\r\nconnection: close\r\n/i, 'Connection: close');
  t.ok(res.ms < 5000, `and the connection closed (${res.ms} ms), not kept reading the body`);

  const limited = await buildTestApp(t, { env: { RATE_LIMIT_MAX: '1' } });
  const l = await listen(limited);
  const get = 'GET /v1/documents HTTP/1.1\r\nHost: x\r\n\r\n';
  // The same request again every 300 ms on one kept-alive connection, until it is closed.
  const both = await dripRequest(l.port, get, 300, '127.0.0.1', () => get).done;
  t.match(both.text, /^HTTP\/1\.1 200[\s\S]*HTTP\/1\.1 429[\s\S]*connection: close/i, '200, then 429 with Connection: close, then closed');
});

t.test("Node's own 400 and 431 replies have the {error: {code}} shape", async (t) => {
  const app = await buildTestApp(t);
  const { port } = await listen(app);
  const bad = await dripRequest(port, 'NOT HTTP AT ALL\r\n\r\n', 1_000_000).done;
  t.equal(bad.status, 400);
  t.equal(bad.code, 'bad_request');
  const big = await dripRequest(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 1_000_000).done;
  t.equal(big.status, 431);
  t.equal(big.code, 'headers_too_large');
});
