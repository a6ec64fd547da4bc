/**
 * Reads a corpus folder. A bad file never stops the load: it is skipped and reported in
 * `errors`, and the other files still load.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { lintDocument } from './lint.ts';
import { documentIdOf, formatOf, parseDocument } from './parse-document.ts';
import type { LoadedCorpus, LoadWarning, PolicyDocument } from './types.ts';

export { parseDocument };

/** Relative paths (with `/`) of every non-hidden file under `dir`; unreadable subfolders are reported. */
async function listFiles(dir: string, rel: string, errors: LoadWarning[]): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(join(dir, rel), { withFileTypes: true });
  } catch (err) {
    // The corpus folder itself must exist: that is a configuration error, not a bad file.
    if (rel === '') throw err;
    errors.push(unreadable(rel, `folder could not be read (${(err as Error).message})`));
    return out;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) isDir = await stat(join(dir, path)).then((s) => s.isDirectory(), () => false);
    if (isDir) out.push(...(await listFiles(dir, path, errors)));
    else out.push(path);
  }
  return out;
}

function unreadable(file: string, reason: string): LoadWarning {
  return { code: 'unreadable_file', level: 'error', message: `${file}: ${reason}; skipped.`, file };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text, or why it cannot be used. `ignoreBOM` keeps a BOM so offsets match the file. */
async function readText(path: string): Promise<{ text: string } | { error: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    return { error: `could not be read (${(err as Error).message})` };
  }
  if (bytes.includes(0)) return { error: 'contains NUL bytes (binary or UTF-16 file)' };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { error: 'is not valid UTF-8' };
  }
}

export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const errors: LoadWarning[] = [];
  const files = (await listFiles(dir, '', errors)).sort();
  const documents: PolicyDocument[] = [];
  const loadedFrom = new Map<string, string>();
  for (const file of files) {
    if (formatOf(file) === null) {
      errors.push({ code: 'unsupported_format', level: 'info', message: `${file}: not a .txt, .md or .html file; ignored.`, file });
      continue;
    }
    const id = documentIdOf(file);
    const first = loadedFrom.get(id);
    if (first !== undefined) {
      errors.push(unreadable(file, `has the same document id "${id}" as ${first}, which was loaded first`));
      continue;
    }
    const read = await readText(join(dir, file));
    if ('error' in read) {
      errors.push(unreadable(file, read.error));
      continue;
    }
    try {
      const doc = parseDocument(file, read.text);
      // Problems only the whole document shows (off-topic text), after the parser's own.
      doc.warnings.push(...lintDocument(doc));
      documents.push(doc);
      loadedFrom.set(id, file);
    } catch (err) {
      errors.push(unreadable(file, `could not be parsed (${(err as Error).message})`));
    }
  }
  return { documents, errors };
}
