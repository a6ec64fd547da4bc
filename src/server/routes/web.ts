/**
 * The pages people use: `GET /` (a demo page that embeds the chat widget), `GET /agent` (the
 * support-agent console), and their assets (`/widget.js`, `/widget.css`, `/agent.js`,
 * `/agent.css`, `/demo.css`, `/favicon.svg`). All of them are files in `dist/web/`, written by
 * `npm run build:web` (bundled from src/web/*.ts by esbuild, copied from src/web/static/). Nothing is
 * inline, so the pages work under the strict CSP the security layer sets.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { CodedError } from '../../errors.ts';

export interface WebRoutesOptions {
  /** Folder with the built pages; default `dist/web` in the project folder. */
  webDir?: string;
}

/** URL path → file in the web folder, with its content type. */
export const WEB_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/agent': { file: 'agent.html', type: 'text/html; charset=utf-8' },
  '/widget.js': { file: 'widget.js', type: 'text/javascript; charset=utf-8' },
  '/widget.css': { file: 'widget.css', type: 'text/css; charset=utf-8' },
  '/agent.js': { file: 'agent.js', type: 'text/javascript; charset=utf-8' },
  '/demo.js': { file: 'demo.js', type: 'text/javascript; charset=utf-8' },
  '/agent.css': { file: 'agent.css', type: 'text/css; charset=utf-8' },
  '/demo.css': { file: 'demo.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/** The project folder: the nearest folder above this module with a package.json (src/ or dist/src/). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export function defaultWebDir(): string {
  return join(projectRoot(), 'dist', 'web');
}

export const webRoutes: FastifyPluginAsync<WebRoutesOptions> = async (app, options) => {
  const dir = options.webDir ?? defaultWebDir();
  for (const [path, { file, type }] of Object.entries(WEB_FILES)) {
    // Pages, not API: kept out of the OpenAPI document.
    app.get(path, { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
      let body: Buffer;
      try {
        body = await readFile(join(dir, file));
      } catch {
        throw new CodedError('not_found', `${file} is not built: run "npm run build"`);
      }
      // Revalidate every time: a deploy must reach every page that embeds the widget at once.
      return reply.type(type).header('cache-control', 'no-cache').send(body);
    });
  }
  // The widget is embedded on other sites: its script and styles may be loaded cross-origin.
  app.addHook('onSend', async (req, reply) => {
    if (req.routeOptions.url?.startsWith('/widget.')) {
      reply.header('cross-origin-resource-policy', 'cross-origin');
    }
  });
};
