/** The pages and their assets (src/server/routes/web.ts): served from dist/web, nothing inline. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { defaultWebDir, WEB_FILES } from '../../src/server/routes/web.ts';
import { buildTestApp } from '../helper.ts';

const HTML_PAGES = ['/', '/agent'];

t.test('every page and asset is served with its type and no-cache', async (t) => {
  const app = await buildTestApp(t);
  for (const [path, { file, type }] of Object.entries(WEB_FILES)) {
    const res = await app.inject({ method: 'GET', url: path });
    t.equal(res.statusCode, 200, path);
    t.equal(res.headers['content-type'], type, `${path} content type`);
    t.equal(res.headers['cache-control'], 'no-cache', `${path} revalidates`);
    t.equal(res.body, readFileSync(join(defaultWebDir(), file), 'utf8'), `${path} is dist/web/${file}`);
  }
});

t.test('pages work under a strict CSP: no inline script, style or event handler', async (t) => {
  const app = await buildTestApp(t);
  for (const path of HTML_PAGES) {
    const html = (await app.inject({ method: 'GET', url: path })).body;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    t.ok(scripts.length > 0, `${path} loads a script`);
    for (const [, attrs, body] of scripts) {
      t.match(attrs, /\ssrc="\/[a-z]+\.js"/, `${path}: every script is a file from this origin`);
      t.equal(body!.trim(), '', `${path}: no inline script`);
    }
    t.notMatch(html, /<style\b/i, `${path}: no <style> element`);
    t.notMatch(html, /\sstyle=/i, `${path}: no style attribute`);
    t.notMatch(html, /\son[a-z]+=/i, `${path}: no inline event handler`);
    t.notMatch(html, /javascript:/i, `${path}: no javascript: URL`);
  }
  for (const file of ['widget.js', 'agent.js']) {
    const js = readFileSync(join(defaultWebDir(), file), 'utf8');
    t.notMatch(js, /\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, `${file} builds DOM nodes, never HTML strings`);
  }
});

t.test('the widget\'s files may be loaded by other sites; the pages not framed elsewhere', async (t) => {
  const app = await buildTestApp(t);
  for (const path of ['/widget.js', '/widget.css']) {
    const res = await app.inject({ method: 'GET', url: path });
    t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin', path);
  }
  const page = await app.inject({ method: 'GET', url: '/' });
  t.not(page.headers['cross-origin-resource-policy'], 'cross-origin');
});

t.test('the pages are not part of the OpenAPI document of the API', async (t) => {
  const app = await buildTestApp(t);
  const paths = Object.keys((await app.inject({ method: 'GET', url: '/docs/openapi.json' })).json().paths);
  t.ok(paths.includes('/v1/ask'));
  for (const path of Object.keys(WEB_FILES)) t.notOk(paths.includes(path), path);
});

t.test('a missing build is a 404 that says what to do', async (t) => {
  const { default: Fastify } = await import('fastify');
  const { webRoutes } = await import('../../src/server/routes/web.ts');
  const app = Fastify();
  app.setErrorHandler((err: Error, _req, reply) => reply.code((err as { statusCode?: number }).statusCode ?? 500).send({ message: err.message }));
  await app.register(webRoutes, { webDir: t.testdir({}) });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/widget.js' });
  t.equal(res.statusCode, 404);
  t.match(res.json().message, /widget\.js is not built: run "npm run build"/);
});
