/**
 * Index snapshots: the built ClauseIndex (parsed documents, cross-document MiniSearch, term
 * frequencies) saved to disk, so a restart with the same corpus and the same code skips parsing
 * and indexing.
 *
 * A snapshot lives in `<snapshotDir>/<key>/`, where the key is a SHA-256 over
 *   - the snapshot formats (`SNAPSHOT_FORMAT` in index-snapshot.ts, `STORE_FORMAT` here),
 *   - everything the saved data depends on (snapshot-key.ts): the source of every module this
 *     one and each derived part's module import, directly or not (parsing, analysis, the policy
 *     model, countries...), the word lists of src/vocabulary/ they read, and the versions of the
 *     packages they use; so any change to any of them rebuilds,
 *   - the index settings that change what is built,
 *   - every corpus file read: relative path and the SHA-256 of its bytes.
 * Each corpus file is read once: its bytes are hashed for the key and, when no snapshot has that
 * key, parsed as they are, so a built index is saved under the key of exactly the bytes it was
 * built from (a file edited during the build cannot put its new text under the old content's
 * key, nor the old text under the new one's). Every data file's SHA-256 is in the manifest and checked on
 * load: a snapshot changed on disk (even one same-size character) is rebuilt with a warning,
 * never served. A snapshot problem never stops the server.
 *
 * Writes go to a temporary folder renamed into place, so a crash mid-write leaves no half
 * snapshot, and replicas sharing the folder cannot clash; temporary folders a crash left are
 * removed at the next start.
 *
 * The work is split for `index-worker.ts`: `prepareIndex` (read, hash, build or load, save:
 * everything slow) yields the snapshot as JSON texts, `indexFromParts` turns them into the
 * ClauseIndex in slices that yield to the event loop. `openIndex` runs both in one thread.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { AsPlainObject } from 'minisearch';
import { parseCorpus, readCorpusFolder, type CorpusFiles } from '../corpus/load.ts';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../corpus/read-folder.ts';
import type { LoadWarning, PolicyDocument } from '../corpus/types.ts';
import { ClauseIndex, defaultClauseIndexOptions, type ClauseIndexOptions } from './clause-index.ts';
import { SNAPSHOT_FORMAT, indexFromSnapshotAsync, snapshotOf, type ClauseIndexSnapshot } from './index-snapshot.ts';
import { CODE_BASE, codeVersion, sha256, sourceFirst } from './snapshot-key.ts';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Bump when the file layout below changes. */
export const STORE_FORMAT = 2;

/**
 * Documents per `documents-N.json` file. Small files keep every JSON string far below V8's
 * string limit, and each one is parsed by the server thread in one go between two event-loop
 * turns: 1,000 documents (~10 MB) held it for a second on a loaded machine, 100 for a tenth.
 */
const DOCUMENTS_PER_FILE = 100;
/**
 * Largest `cross-terms-N.json` file, in characters (a file holds whole terms, so one term with a
 * very long postings list can exceed it). By size, not by count: the postings of a common term
 * are objects with tens of thousands of numeric keys, slow to parse, and 5,000 terms of 1,000
 * policies (4.4 MB) took the server thread a second to parse in one go on a loaded machine.
 */
const TERMS_FILE_CHARS = 256 * 1024;
/** Items per file of a derived part (`extra-<name>-N.json`), for the same reason. */
const EXTRA_ITEMS_PER_FILE = 100;
/** A temporary folder untouched this long belongs to a writer that is gone. */
const STALE_TEMP_MS = 60_000;

/** The subset of a pino logger this module uses. */
export interface SnapshotLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * Data derived from the built index by a later layer (the answerer's policy models), built once
 * with the index and saved in the same snapshot as a list, in `extra-<name>-N.json` pieces.
 * `module` and everything it imports are hashed into the snapshot key
 * (snapshot-key.ts), so a change to the code or the word lists that derive it rebuilds. The
 * server builds it in the index worker, which imports it from `module` (this layer does not
 * import the answerer).
 */
export interface SnapshotExtra {
  name: string;
  /** Where this object is defined: the module's URL and the name it is exported under. */
  module: { url: string; export: string };
  build(index: ClauseIndex): Promise<unknown[]> | unknown[];
  /** Attaches the list read from a snapshot to the index; throws when it does not fit (the snapshot is then rebuilt). */
  restore(index: ClauseIndex, data: unknown[]): void;
}

export interface PrepareOptions {
  corpusDir: string;
  /** Derived data built with the index and kept in its snapshot. */
  extras?: SnapshotExtra[];
  /** Where snapshots live; null to always build (and never save). */
  snapshotDir: string | null;
  /** The settings that change what is built (the cache sizes do not matter here). */
  indexOptions?: Partial<ClauseIndexOptions>;
  /** Largest corpus file read (config MAX_DOCUMENT_BYTES). */
  maxDocumentBytes?: number;
  log: SnapshotLog;
  /** Called with every corpus file the build reads, as it reads it (tests change files mid-build). */
  onRead?: (file: string) => void;
}

/** One data file of a snapshot: its name and JSON text. */
export interface SnapshotPart {
  name: string;
  text: string;
}

export interface PreparedIndex {
  source: 'snapshot' | 'build';
  /** The key of the content indexed ('' when snapshots are off). */
  key: string;
  /** Files the loader skipped or could not read (as `loadCorpus` reports them). */
  corpusErrors: LoadWarning[];
  /** The index as snapshot files, to be turned into a ClauseIndex by `indexFromParts`. */
  parts: SnapshotPart[];
  /** Milliseconds: hashing the corpus and code, loading (snapshot read or parse+index+save). */
  timings: { hashMs: number; loadMs: number };
}

interface Manifest {
  store: number;
  format: number;
  key: string;
  corpusDir: string;
  /** The folder of the code that built it (src/search, or dist/src/search): see `prune`. */
  codeDir: string;
  createdAt: string;
  documents: number;
  clauses: number;
  corpusErrors: LoadWarning[];
  /** Every data file of the snapshot with its size in bytes and SHA-256 of its content. */
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

const HERE = dirname(fileURLToPath(import.meta.url));

const codeVersions = new Map<string, Promise<string>>();

/** The key's part for the code and data the snapshot depends on: this module's imports and each extra's (snapshot-key.ts). */
function codeKey(extras: readonly SnapshotExtra[]): Promise<string> {
  const entries = [fileURLToPath(import.meta.url), ...extras.map((e) => fileURLToPath(e.module.url))];
  const id = entries.join('\n');
  let version = codeVersions.get(id);
  if (!version) {
    const keyed = sourceFirst(entries, CODE_BASE);
    codeVersions.set(id, (version = codeVersion(keyed.entries, keyed.base)));
  }
  return version;
}

/** The settings that change what is built (not the cache sizes, which only change memory use). */
function buildSettings(options: ClauseIndexOptions): object {
  return { crossDocument: options.crossDocument, headingBoost: options.headingBoost, contextBoost: options.contextBoost };
}

/**
 * The content digest of a corpus as read: each file's path and the SHA-256 of its bytes (or why
 * it could not be read), in load order.
 */
function corpusDigest(corpus: CorpusFiles): string {
  const lines = corpus.files.map(({ file, read }) => ('bytes' in read ? `${file}\0${sha256(read.bytes)}` : `${file}\0!${read.error}`));
  return sha256(lines.join('\n'));
}

/** The snapshot key of a corpus digest under the current code, settings and derived parts. */
async function keyOf(corpus: string, options: ClauseIndexOptions, extras: readonly SnapshotExtra[] = []): Promise<string> {
  const code = await codeKey(extras);
  const derived = extras.map((e) => e.name);
  return sha256(
    JSON.stringify({ store: STORE_FORMAT, format: SNAPSHOT_FORMAT, code, settings: buildSettings(options), corpus, ...(derived.length ? { derived } : {}) }),
  ).slice(0, 32);
}

/** The key the corpus folder's current content would be saved under. */
export async function snapshotKey(
  corpusDir: string,
  options: ClauseIndexOptions,
  extras: readonly SnapshotExtra[] = [],
  maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES,
): Promise<string> {
  return keyOf(corpusDigest(await readCorpusFolder(corpusDir, { maxDocumentBytes })), options, extras);
}

/** No snapshot under this key: a normal first start (every other read problem is damage). */
class NoSnapshot extends Error {}

/** Reads and verifies the snapshot `key`: manifest, then every data file against its SHA-256. */
async function readSnapshot(dir: string, key: string): Promise<{ parts: SnapshotPart[]; manifest: Manifest }> {
  const folder = join(dir, key);
  let manifestText: string;
  try {
    manifestText = await readFile(join(folder, 'manifest.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NoSnapshot();
    throw err;
  }
  const manifest = JSON.parse(manifestText) as Manifest;
  if (manifest.store !== STORE_FORMAT || manifest.format !== SNAPSHOT_FORMAT || manifest.key !== key || !Array.isArray(manifest.files)) {
    throw new Error('manifest does not match this version');
  }
  const parts = await Promise.all(
    manifest.files.map(async (f) => {
      const bytes = await readFile(join(folder, f.name));
      if (bytes.length !== f.bytes) throw new Error(`${f.name} has ${bytes.length} bytes, expected ${f.bytes}`);
      if (sha256(bytes) !== f.sha256) throw new Error(`${f.name} does not match its content hash`);
      return { name: f.name, text: bytes.toString('utf8') };
    }),
  );
  return { parts, manifest };
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The index as snapshot data files (JSON texts). */
function toParts(index: ClauseIndex): SnapshotPart[] {
  const snapshot = snapshotOf(index);
  const parts: SnapshotPart[] = [];
  const put = (name: string, value: unknown) => parts.push({ name, text: JSON.stringify(value) });
  for (const [i, docs] of chunk(snapshot.documents, DOCUMENTS_PER_FILE).entries()) put(`documents-${i}.json`, docs);
  if (snapshot.cross) {
    const { index: terms, ...meta } = snapshot.cross;
    put('cross-meta.json', meta);
    let piece: string[] = [];
    let chars = 0;
    let pieces = 0;
    const flush = () => {
      parts.push({ name: `cross-terms-${pieces++}.json`, text: `[${piece.join(',')}]` });
      piece = [];
      chars = 0;
    };
    for (const term of terms) {
      const text = JSON.stringify(term);
      if (chars > 0 && chars + text.length > TERMS_FILE_CHARS) flush();
      piece.push(text);
      chars += text.length + 1;
    }
    if (piece.length > 0 || terms.length === 0) flush();
  }
  put('frequency.json', { crossDocument: snapshot.crossDocument, clauseFrequency: snapshot.clauseFrequency, clauseCount: snapshot.clauseCount });
  return parts;
}

/** Writes the snapshot to a temporary folder and renames it into place. */
async function writeSnapshot(
  dir: string,
  key: string,
  corpusDir: string,
  parts: SnapshotPart[],
  info: { documents: number; clauses: number; corpusErrors: LoadWarning[] },
): Promise<{ bytes: number }> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${key}-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp);
  try {
    const files: Manifest['files'] = [];
    for (const part of parts) {
      const bytes = Buffer.from(part.text);
      await writeFile(join(tmp, part.name), bytes);
      files.push({ name: part.name, bytes: bytes.length, sha256: sha256(bytes) });
    }
    const manifest: Manifest = {
      store: STORE_FORMAT,
      format: SNAPSHOT_FORMAT,
      key,
      corpusDir: resolve(corpusDir),
      codeDir: HERE,
      createdAt: new Date().toISOString(),
      ...info,
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

/**
 * Removes temporary folders a crashed writer left behind: those untouched for a minute (a live
 * writer adds a file every few seconds at most), and at once those of a process of this host
 * that no longer runs. Replicas on other hosts that share the folder keep theirs.
 */
export async function removeStaleTemporaryFolders(dir: string): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  const me = hostname();
  for (const name of names) {
    if (!name.startsWith('.tmp-')) continue;
    const path = join(dir, name);
    const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => -1);
    if (age < 0) continue;
    // .tmp-<key>-<host>-<pid>-<random>; older snapshots' folders have no host.
    const m = /^\.tmp-[0-9a-f]+-(.+)-(\d+)-[0-9a-f]+$/.exec(name);
    const deadHere = m !== null && m[1] === me && Number(m[2]) !== process.pid && !processRuns(Number(m[2]));
    if (age > STALE_TEMP_MS || deadHere) {
      await rm(path, { recursive: true, force: true }).catch(() => {});
      removed.push(name);
    }
  }
  return removed;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes older snapshots of the same corpus folder built by the same code folder: the source
 * (tests, `tsx`) and the build (`npm start`) keep one each, so `npm test` does not delete the
 * snapshot `npm start` reuses.
 */
async function prune(dir: string, keep: string, corpusDir: string): Promise<void> {
  const me = resolve(corpusDir);
  for (const name of await readdir(dir)) {
    if (name === keep || name.startsWith('.')) continue;
    const path = join(dir, name);
    const manifest = await readFile(join(path, 'manifest.json'), 'utf8').then(
      (t) => JSON.parse(t) as Partial<Manifest>,
      () => null,
    );
    if (manifest?.corpusDir === me && manifest.codeDir === HERE) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Everything slow about opening the index of `corpusDir`, as snapshot parts: read from a valid
 * snapshot, or loaded, built and saved at once (before the caller turns it into an index).
 * Never throws for a snapshot problem; throws when the corpus folder cannot be read.
 */
export async function prepareIndex(options: PrepareOptions): Promise<PreparedIndex> {
  const { corpusDir, snapshotDir, log } = options;
  const extras = options.extras ?? [];
  const indexOptions = { ...defaultClauseIndexOptions, ...options.indexOptions };
  let started = performance.now();
  if (snapshotDir !== null) {
    const removed = await removeStaleTemporaryFolders(snapshotDir);
    if (removed.length > 0) log.info({ snapshotDir, removed }, 'removed temporary snapshot folders left by an interrupted save');
  }
  // Each file is read once: hashed for the key, and on a miss parsed from the same bytes, so what
  // is saved under a key is always the content the key names (a file edited meanwhile has another
  // key, read at the next start).
  const files = await readCorpusFolder(corpusDir, { maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES, onRead: options.onRead });
  const key = snapshotDir === null ? '' : await keyOf(corpusDigest(files), indexOptions, extras);
  const hashMs = performance.now() - started;
  started = performance.now();

  if (snapshotDir !== null) {
    try {
      const { parts, manifest } = await readSnapshot(snapshotDir, key);
      for (const extra of extras) if (!parts.some((p) => isExtraFile(extra, p.name))) throw new Error(`extra-${extra.name}-0.json is missing`);
      return { source: 'snapshot', key, corpusErrors: manifest.corpusErrors, parts, timings: { hashMs, loadMs: performance.now() - started } };
    } catch (err) {
      if (err instanceof NoSnapshot) {
        log.info({ snapshotDir, key }, 'no index snapshot for this corpus yet; building');
      } else {
        log.warn({ err, snapshotDir, key, reason: (err as Error).message }, 'index snapshot unreadable; rebuilding');
        // Out of the way, or the rebuilt one could not be renamed into its place.
        await rm(join(snapshotDir, key), { recursive: true, force: true }).catch(() => {});
      }
      started = performance.now();
    }
  }

  const corpus = await parseCorpus(files);
  const index = ClauseIndex.build(corpus.documents, indexOptions);
  const parts = toParts(index);
  for (const extra of extras) {
    // At least one piece, so that a saved empty list is told from a missing one.
    const pieces = chunk(await extra.build(index), EXTRA_ITEMS_PER_FILE);
    for (const [i, piece] of (pieces.length > 0 ? pieces : [[]]).entries()) parts.push({ name: `extra-${extra.name}-${i}.json`, text: JSON.stringify(piece) });
  }
  if (snapshotDir !== null) {
    const t0 = performance.now();
    try {
      const info = { documents: index.documentCount, clauses: index.clauseCount, corpusErrors: corpus.errors };
      const { bytes } = await writeSnapshot(snapshotDir, key, corpusDir, parts, info);
      await prune(snapshotDir, key, corpusDir).catch(() => {});
      log.info({ snapshotDir, key, bytes, ms: Math.round(performance.now() - t0) }, 'index snapshot saved');
    } catch (err) {
      log.warn({ err, snapshotDir }, 'could not save the index snapshot; the next start builds again');
    }
  }
  return { source: 'build', key, corpusErrors: corpus.errors, parts, timings: { hashMs, loadMs: performance.now() - started } };
}

/** True for a piece of a derived part's list (`extra-<name>-N.json`; in order in the manifest). */
function isExtraFile(extra: SnapshotExtra, name: string): boolean {
  const prefix = `extra-${extra.name}-`;
  return name.startsWith(prefix) && name.endsWith('.json') && /^\d+$/.test(name.slice(prefix.length, -'.json'.length));
}

/**
 * The ClauseIndex of prepared snapshot parts, parsed one file at a time and restored with
 * MiniSearch's asynchronous loader, so the event loop is never held for long.
 */
export async function indexFromParts(
  parts: SnapshotPart[],
  indexOptions: Partial<ClauseIndexOptions> = {},
  extras: readonly SnapshotExtra[] = [],
): Promise<ClauseIndex> {
  const derived = new Map<string, unknown>();
  const documents: PolicyDocument[] = [];
  const terms: AsPlainObject['index'] = [];
  let crossMeta: Omit<AsPlainObject, 'index'> | undefined;
  let frequency: Pick<ClauseIndexSnapshot, 'clauseFrequency' | 'clauseCount' | 'crossDocument'> | undefined;
  for (const { name, text } of parts) {
    await yieldToEventLoop();
    const value: unknown = JSON.parse(text);
    if (name.startsWith('extra-')) derived.set(name, value);
    else if (name.startsWith('documents-')) for (const d of value as PolicyDocument[]) documents.push(d);
    else if (name.startsWith('cross-terms-')) for (const t of value as AsPlainObject['index']) terms.push(t);
    else if (name === 'cross-meta.json') crossMeta = value as Omit<AsPlainObject, 'index'>;
    else if (name === 'frequency.json') frequency = value as typeof frequency;
  }
  if (!frequency) throw new Error('frequency.json is missing');
  const snapshot: ClauseIndexSnapshot = {
    format: SNAPSHOT_FORMAT,
    crossDocument: frequency.crossDocument,
    documents,
    cross: crossMeta ? { ...crossMeta, index: terms } : null,
    clauseFrequency: frequency.clauseFrequency,
    clauseCount: frequency.clauseCount,
  };
  await yieldToEventLoop();
  const index = await indexFromSnapshotAsync(snapshot, indexOptions);
  for (const extra of extras) {
    const files = [...derived.keys()].filter((name) => isExtraFile(extra, name));
    if (files.length === 0) throw new Error(`extra-${extra.name}-0.json is missing`);
    extra.restore(index, files.flatMap((name) => derived.get(name) as unknown[]));
  }
  return index;
}

export interface OpenedIndex {
  index: ClauseIndex;
  corpusErrors: LoadWarning[];
  source: 'snapshot' | 'build';
  key: string;
  timings: { hashMs: number; loadMs: number };
}

/** `prepareIndex` and `indexFromParts` in this thread (the CLI and tests; the server uses index-worker.ts). */
export async function openIndex(options: PrepareOptions): Promise<OpenedIndex> {
  const prepared = await prepareIndex(options);
  const started = performance.now();
  const index = await indexFromParts(prepared.parts, options.indexOptions, options.extras);
  const { hashMs, loadMs } = prepared.timings;
  return { index, corpusErrors: prepared.corpusErrors, source: prepared.source, key: prepared.key, timings: { hashMs, loadMs: loadMs + performance.now() - started } };
}
