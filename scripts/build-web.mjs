#!/usr/bin/env node
// Builds the browser code into dist/web/: type-checks src/web/ (its own tsconfig, DOM types),
// bundles widget.ts, agent.ts and demo.ts with esbuild into classic scripts (IIFE, so a page embeds the
// widget with a plain <script src>), and copies src/web/static/. Run by `npm run build:web`,
// which `npm start` (via build) and `npm test` run first.
//
// The bundles may contain only code from src/web/: the wire types come from src/protocol/ through
// type-only imports, which esbuild erases. A value import from the server side would pull zod
// (or worse) into the page, so it fails the build here instead.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src', 'web');
const out = join(root, 'dist', 'web');

const check = !process.argv.includes('--no-check');
if (check) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(src, 'tsconfig.json')], {
    stdio: 'inherit',
  });
  if (tsc.status !== 0) {
    console.error('build:web: the browser code does not type-check');
    process.exitCode = 1;
  }
}

mkdirSync(out, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [join(src, 'widget.ts'), join(src, 'agent.ts'), join(src, 'demo.ts')],
  outdir: out,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  charset: 'utf8',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const outside = Object.keys(result.metafile.inputs).filter((file) => relative(src, resolve(root, file)).startsWith('..'));
if (outside.length > 0) {
  console.error(`build:web: the browser bundles include files outside src/web/ (use "import type" for wire types):\n  ${outside.join('\n  ')}`);
  process.exitCode = 1;
}

cpSync(join(src, 'static'), out, { recursive: true });
