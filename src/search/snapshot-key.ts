/**
 * The code part of the index snapshot key: a SHA-256 over everything the saved data depends on.
 *
 * A snapshot holds the built index and data derived from it by later layers (the policy
 * models). Whatever could change that data must change the key, or a restart would serve data
 * built by other code: a module's source, a word list of src/vocabulary/, a library's version.
 * Rather than a list of folders (which missed `src/answer/countries.ts` and the vocabulary when
 * only `src/answer/model/` was hashed), the key follows the imports: starting from the modules
 * that build the data, every relative import (source files and JSON data, static or literal
 * dynamic `import()` / `require()`) is read and followed, and every package imported is
 * recorded with its installed version. The same walk works on the TypeScript sources and on
 * the compiled copies under dist/ (which keep the imports).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** SHA-256 of `data`, hex (file digests, keys). */
export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Import specifiers in a module's text: `from '…'`, `import '…'`, `import('…')`, `require('…')`. */
const SPECIFIER = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or null for a Node built-in. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  // Not a package name: a specifier-like string in a comment or a message.
  return /^(?:@[a-z0-9._-]+\/)?[a-z0-9._-]+$/.test(name) ? name : null;
}

/** The installed version of a package, looked up from `from` upwards through node_modules folders. */
async function installedVersion(name: string, from: string): Promise<string> {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
      return manifest.version ?? 'unknown';
    } catch {
      if (dirname(dir) === dir) return 'not installed';
    }
  }
}

/** What a set of modules depends on: their own files (absolute paths) and the packages they import. */
export interface CodeClosure {
  files: string[];
  /** SHA-256 of each file's content, taken when the file was read for its imports. */
  digests: Map<string, string>;
  packages: Map<string, string>;
}

/**
 * Every file reachable from the entry modules through relative imports, and every package they
 * import with its version. A relative import of a file that does not exist (an import written
 * in a comment) is passed over; node built-ins are not recorded (they come with Node).
 */
export async function codeClosure(entries: readonly string[]): Promise<CodeClosure> {
  const seen = new Set<string>();
  const digests = new Map<string, string>();
  const packages = new Map<string, string>();
  const queue = entries.map((e) => resolve(e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      continue;
    }
    seen.add(file);
    digests.set(file, sha256(bytes));
    if (file.endsWith('.json')) continue;
    const text = bytes.toString('utf8');
    for (const m of text.matchAll(SPECIFIER)) {
      const specifier = m[1] ?? m[2] ?? m[3] ?? m[4]!;
      if (specifier.startsWith('.')) {
        queue.push(resolve(dirname(file), specifier));
      } else {
        const name = packageOf(specifier);
        if (name !== null && !packages.has(name)) packages.set(name, await installedVersion(name, dirname(file)));
      }
    }
  }
  return { files: [...seen].sort(), digests, packages: new Map([...packages].sort(([a], [b]) => a.localeCompare(b))) };
}

/**
 * SHA-256 over the closure of the entry modules: each file's path (relative to the common
 * folder `base`, so a moved checkout keeps its key) and content, and each package's version.
 */
export async function codeVersion(entries: readonly string[], base: string): Promise<string> {
  const { files, digests, packages } = await codeClosure(entries);
  const h = createHash('sha256');
  for (const file of files) h.update(`${relative(base, file)}\0${digests.get(file)!}\n`);
  for (const [name, version] of packages) h.update(`package ${name}@${version}\n`);
  return h.digest('hex');
}

/** The folder above src/ (or above dist/src/): file paths in the key are relative to it. */
export const CODE_BASE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The modules to key, as their TypeScript sources when those are beside the build: a compiled
 * module `<root>/dist/src/x.js` whose `<root>/src/x.ts` exists is keyed by that source, relative
 * to `<root>`. `npm start` runs the build and the tests run the sources; keyed alike, a snapshot
 * saved by either serves the other (`npm start` after `npm test` starts from the snapshot the
 * tests saved for `corpus/`). `npm start` compiles dist from those sources first (prestart), so
 * the build is what they say. Without the sources (a deployed build), the build itself is keyed.
 */
export function sourceFirst(entries: readonly string[], base: string): { entries: string[]; base: string } {
  const sources: string[] = [];
  let root: string | null = null;
  for (const entry of entries) {
    const m = /^(.*)[\\/]dist[\\/](src[\\/].*)\.js$/.exec(entry);
    const source = m ? join(m[1]!, `${m[2]!}.ts`) : null;
    if (!m || !source || !existsSync(source) || (root !== null && root !== m[1])) return { entries: [...entries], base };
    root = m[1]!;
    sources.push(source);
  }
  return root === null ? { entries: [...entries], base } : { entries: sources, base: root };
}
