/**
 * Index snapshots: the built ClauseIndex (parsed documents, cross-document MiniSearch, term
 * frequencies) saved to disk, so a restart with the same corpus and the same code skips parsing
 * and indexing.
 *
 * A snapshot lives in `<snapshotDir>/<key>/`, where the key is a SHA-256 over
 *   - the snapshot formats (`SNAPSHOT_FORMAT` in clause-index.ts, `STORE_FORMAT` here),
 *   - the code that decides what is indexed: every file under src/corpus and src/search
 *     (or their compiled copies under dist/), so any change to parsing or analysis rebuilds,
 *   - the index settings that change what is built,
 *   - every corpus file: relative path and content hash.
 * A changed file, setting or parser gives another key, so a stale snapshot is never read. A
 * snapshot that cannot be read or does not parse is logged and replaced by a fresh build: a
 * snapshot problem never stops the server. Writes go to a temporary folder renamed into place,
 * so a crash mid-write leaves no half snapshot, and replicas sharing the folder cannot clash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { AsPlainObject } from 'minisearch';
import { loadCorpus } from '../corpus/load.ts';
import type { LoadWarning, PolicyDocument } from '../corpus/types.ts';
import {
  ClauseIndex,
  SNAPSHOT_FORMAT,
  defaultClauseIndexOptions,
  type ClauseIndexOptions,
  type ClauseIndexSnapshot,
} from './clause-index.ts';

/** Bump when the file layout below changes. */
export const STORE_FORMAT = 1;

/** Documents per `documents-N.json` file (keeps every JSON string far below V8's string limit). */
const DOCUMENTS_PER_FILE = 1000;
/** Index terms per `cross-terms-N.json` file. */
const TERMS_PER_FILE = 50_000;

/** The subset of a pino logger this module uses. */
export interface SnapshotLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * Data derived from the built index by a later layer (the answerer's policy models), built once
 * with the index and saved in the same snapshot. `codeDir` is hashed into the snapshot key, so a
 * change to the code that derives it rebuilds.
 */
export interface SnapshotExtra {
  name: string;
  codeDir: string;
  build(index: ClauseIndex): Promise<unknown> | unknown;
  /** Attaches data read from a snapshot to the index; throws when it does not fit (the snapshot is then rebuilt). */
  restore(index: ClauseIndex, data: unknown): void;
}

export interface OpenIndexOptions {
  corpusDir: string;
  /** Derived data built with the index and kept in its snapshot. */
  extras?: SnapshotExtra[];
  /** Where snapshots live; null to always build (and never save). */
  snapshotDir: string | null;
  indexOptions?: Partial<ClauseIndexOptions>;
  log: SnapshotLog;
}

export interface OpenedIndex {
  index: ClauseIndex;
  /** Files the loader skipped or could not read (as `loadCorpus` reports them). */
  corpusErrors: LoadWarning[];
  source: 'snapshot' | 'build';
  key: string;
  /** Milliseconds: hashing the corpus and code, loading (snapshot or parse+index). */
  timings: { hashMs: number; loadMs: number };
  /**
   * Saves a freshly built index as a snapshot (a no-op for one loaded from a snapshot or when
   * snapshots are off). Never rejects: a failure is logged. Call it once the index serves.
   */
  save(): Promise<void>;
}

interface Manifest {
  store: number;
  format: number;
  key: string;
  corpusDir: string;
  createdAt: string;
  documents: number;
  clauses: number;
  corpusErrors: LoadWarning[];
  /** Every data file of the snapshot with its size in bytes (a truncated file is caught early). */
  files: Array<{ name: string; bytes: number }>;
}

const sha256 = () => createHash('sha256');

/** Every non-hidden file under `dir` (following symlinked folders), as sorted relative paths. */
async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(dir, rel), { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) isDir = await stat(join(dir, path)).then((s) => s.isDirectory(), () => false);
    if (isDir) out.push(...(await listFiles(dir, path).catch(() => [`${path}/(unreadable)`])));
    else out.push(path);
  }
  return out.sort();
}

/** SHA-256 over the relative paths and contents of every file under `dir` (reads ~32 at a time). */
export async function hashTree(dir: string): Promise<string> {
  const files = await listFiles(dir);
  const digests = new Array<string>(files.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const content = await readFile(join(dir, files[i]!)).catch((err: Error) => Buffer.from(`(unreadable: ${err.message})`));
      digests[i] = sha256().update(content).digest('hex');
    }
  };
  await Promise.all(Array.from({ length: Math.min(32, files.length) }, worker));
  const h = sha256();
  files.forEach((f, i) => h.update(`${f}\0${digests[i]}\n`));
  return h.digest('hex');
}

let codeHash: Promise<string> | null = null;

/** Hash of the code that decides what gets indexed (src/corpus and src/search, or dist/ copies). */
export function indexCodeHash(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  codeHash ??= Promise.all([hashTree(here), hashTree(join(here, '..', 'corpus'))]).then(([a, b]) => `${a}:${b}`);
  return codeHash;
}

/** The settings that change what is built (not the cache sizes, which only change memory use). */
function buildSettings(options: ClauseIndexOptions): object {
  return { crossDocument: options.crossDocument, headingBoost: options.headingBoost, contextBoost: options.contextBoost };
}

export async function snapshotKey(corpusDir: string, options: ClauseIndexOptions, extras: SnapshotExtra[] = []): Promise<string> {
  const [code, corpus, ...extraCode] = await Promise.all([indexCodeHash(), hashTree(corpusDir), ...extras.map((e) => hashTree(e.codeDir))]);
  const derived = extras.map((e, i) => [e.name, extraCode[i]]);
  return sha256()
    .update(JSON.stringify({ store: STORE_FORMAT, format: SNAPSHOT_FORMAT, code, settings: buildSettings(options), corpus, ...(derived.length ? { derived } : {}) }))
    .digest('hex')
    .slice(0, 32);
}

/** True when `inner` is `outer` or a folder inside it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = relative(resolve(outer), resolve(inner));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

async function readSnapshot(dir: string, key: string): Promise<{ snapshot: ClauseIndexSnapshot; manifest: Manifest; extras: Map<string, unknown> }> {
  const folder = join(dir, key);
  const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.store !== STORE_FORMAT || manifest.format !== SNAPSHOT_FORMAT || manifest.key !== key) {
    throw new Error('manifest does not match this version');
  }
  const texts = await Promise.all(
    manifest.files.map(async (f) => {
      const text = await readFile(join(folder, f.name), 'utf8');
      if (Buffer.byteLength(text) !== f.bytes) throw new Error(`${f.name} has ${Buffer.byteLength(text)} bytes, expected ${f.bytes}`);
      return [f.name, text] as const;
    }),
  );
  const documents: PolicyDocument[] = [];
  const terms: AsPlainObject['index'] = [];
  const parts: {
    crossMeta?: Omit<AsPlainObject, 'index'>;
    frequency?: Pick<ClauseIndexSnapshot, 'clauseFrequency' | 'clauseCount' | 'crossDocument'>;
  } = {};
  const extras = new Map<string, unknown>();
  for (const [name, text] of texts) {
    const value: unknown = JSON.parse(text);
    if (name.startsWith('extra-')) extras.set(name.slice('extra-'.length, -'.json'.length), value);
    else if (name.startsWith('documents-')) documents.push(...(value as PolicyDocument[]));
    else if (name.startsWith('cross-terms-')) terms.push(...(value as AsPlainObject['index']));
    else if (name === 'cross-meta.json') parts.crossMeta = value as Omit<AsPlainObject, 'index'>;
    else if (name === 'frequency.json') parts.frequency = value as NonNullable<typeof parts.frequency>;
  }
  const { crossMeta, frequency } = parts;
  if (!frequency) throw new Error('frequency.json is missing');
  if (documents.length !== manifest.documents) throw new Error(`${documents.length} documents, expected ${manifest.documents}`);
  const snapshot: ClauseIndexSnapshot = {
    format: SNAPSHOT_FORMAT,
    crossDocument: frequency.crossDocument,
    documents,
    cross: crossMeta ? { ...crossMeta, index: terms } : null,
    clauseFrequency: frequency.clauseFrequency,
    clauseCount: frequency.clauseCount,
  };
  return { snapshot, manifest, extras };
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Writes the snapshot to a temporary folder and renames it into place. */
async function writeSnapshot(
  dir: string,
  key: string,
  corpusDir: string,
  index: ClauseIndex,
  corpusErrors: LoadWarning[],
  extras: Map<string, unknown>,
): Promise<{ bytes: number }> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp);
  try {
    const snapshot = index.toSnapshot();
    const files: Manifest['files'] = [];
    // One file at a time, yielding between them, so a large corpus does not block the event
    // loop for the whole serialisation.
    const put = async (name: string, value: unknown) => {
      await new Promise((r) => setImmediate(r));
      const text = JSON.stringify(value);
      await writeFile(join(tmp, name), text);
      files.push({ name, bytes: Buffer.byteLength(text) });
    };
    for (const [i, docs] of chunk(snapshot.documents, DOCUMENTS_PER_FILE).entries()) await put(`documents-${i}.json`, docs);
    if (snapshot.cross) {
      const { index: terms, ...meta } = snapshot.cross;
      await put('cross-meta.json', meta);
      for (const [i, part] of chunk(terms, TERMS_PER_FILE).entries()) await put(`cross-terms-${i}.json`, part);
    }
    for (const [name, value] of extras) await put(`extra-${name}.json`, value);
    await put('frequency.json', {
      crossDocument: snapshot.crossDocument,
      clauseFrequency: snapshot.clauseFrequency,
      clauseCount: snapshot.clauseCount,
    });
    const manifest: Manifest = {
      store: STORE_FORMAT,
      format: SNAPSHOT_FORMAT,
      key,
      corpusDir: resolve(corpusDir),
      createdAt: new Date().toISOString(),
      documents: snapshot.documents.length,
      clauses: snapshot.clauseCount,
      corpusErrors,
      files,
    };
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest));
    try {
      await rename(tmp, join(dir, key));
    } catch (err) {
      // Another replica wrote the same snapshot first: theirs is as good as ours.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw err;
      await rm(tmp, { recursive: true, force: true });
    }
    return { bytes: files.reduce((a, f) => a + f.bytes, 0) };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
}

/** Removes older snapshots of the same corpus folder, and temporary folders over an hour old. */
async function prune(dir: string, keep: string, corpusDir: string): Promise<void> {
  const me = resolve(corpusDir);
  for (const name of await readdir(dir)) {
    if (name === keep) continue;
    const path = join(dir, name);
    if (name.startsWith('.tmp-')) {
      const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 3_600_000) await rm(path, { recursive: true, force: true });
      continue;
    }
    const manifest = await readFile(join(path, 'manifest.json'), 'utf8').then(
      (t) => JSON.parse(t) as Partial<Manifest>,
      () => null,
    );
    if (manifest?.corpusDir === me) await rm(path, { recursive: true, force: true });
  }
}

/**
 * The index of `corpusDir`: from a valid snapshot when there is one, else loaded and built
 * (call `save()` on the result to write the snapshot for next time).
 */
export async function openIndex(options: OpenIndexOptions): Promise<OpenedIndex> {
  const { corpusDir, snapshotDir, log } = options;
  const extras = options.extras ?? [];
  const indexOptions = { ...defaultClauseIndexOptions, ...options.indexOptions };
  let started = performance.now();
  let key = '';
  if (snapshotDir !== null) {
    try {
      key = await snapshotKey(corpusDir, indexOptions, extras);
    } catch (err) {
      // An unreadable corpus folder is reported by loadCorpus below, with its own message.
      log.warn({ err }, 'could not hash the corpus; building the index without a snapshot');
    }
  }
  const hashMs = performance.now() - started;
  started = performance.now();

  if (snapshotDir !== null && key) {
    try {
      const { snapshot, manifest, extras: saved } = await readSnapshot(snapshotDir, key);
      const index = ClauseIndex.fromSnapshot(snapshot, indexOptions);
      for (const extra of extras) {
        if (!saved.has(extra.name)) throw new Error(`extra-${extra.name}.json is missing`);
        extra.restore(index, saved.get(extra.name));
      }
      return {
        index,
        corpusErrors: manifest.corpusErrors,
        source: 'snapshot',
        key,
        timings: { hashMs, loadMs: performance.now() - started },
        save: async () => {},
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') log.info({ snapshotDir, key }, 'no index snapshot for this corpus yet; building');
      else log.warn({ err, snapshotDir, key }, 'index snapshot unreadable; rebuilding');
      started = performance.now();
    }
  }

  const corpus = await loadCorpus(corpusDir);
  const index = ClauseIndex.build(corpus.documents, indexOptions);
  const derived = new Map<string, unknown>();
  for (const extra of extras) derived.set(extra.name, await extra.build(index));
  const loadMs = performance.now() - started;
  let saved = false;
  return {
    index,
    corpusErrors: corpus.errors,
    source: 'build',
    key,
    timings: { hashMs, loadMs },
    save: async () => {
      if (saved || snapshotDir === null || !key) return;
      saved = true;
      const t0 = performance.now();
      try {
        const { bytes } = await writeSnapshot(snapshotDir, key, corpusDir, index, corpus.errors, derived);
        await prune(snapshotDir, key, corpusDir).catch(() => {});
        log.info({ snapshotDir, key, bytes, ms: Math.round(performance.now() - t0) }, 'index snapshot saved');
      } catch (err) {
        log.warn({ err, snapshotDir }, 'could not save the index snapshot; the next start builds again');
      }
    },
  };
}
