/**
 * The corpus folder reader: which entries of a corpus folder are read, and reading one safely.
 * A corpus folder is the operator's, but it may hold anything a mount or a careless copy puts
 * there, and nothing in it may hang the server or exhaust its memory:
 *
 * - Only regular files are read. A FIFO would block the read until someone writes to it, a
 *   device such as /dev/zero never ends; both (and sockets) are skipped with a warning. Files
 *   are opened non-blocking and checked again on the open descriptor, so a file swapped for a
 *   FIFO between the listing and the read cannot block either.
 * - A link to a file is followed (Kubernetes ConfigMap volumes are made of them); a link to a
 *   folder is not: outside the corpus it would read files nobody put there, inside it the files
 *   are read anyway, and a link back to a parent folder makes the walk endless (two such loops
 *   grow it exponentially).
 * - One file is read up to `maxBytes` (config MAX_DOCUMENT_BYTES); a larger one is skipped with a
 *   warning saying so, never read in part.
 * - Hidden entries (`.name`) are ignored, as editors and version control keep their files there.
 */
import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadWarning } from './types.ts';

/** Default of MAX_DOCUMENT_BYTES: far above any real policy (the longest seen are ~300 KB). */
export const DEFAULT_MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** Folders deeper than this are not walked (no corpus needs it; a bind-mount loop would). */
const MAX_FOLDER_DEPTH = 32;

export interface ListedFiles {
  /** Relative paths (with `/`) of the regular files (or links to them) to consider, sorted. */
  files: string[];
  /** Entries that were skipped, each naming its path (`file`) and why (in walk order: the loader sorts its report). */
  skipped: LoadWarning[];
}

/** The warning for a corpus entry that is not loaded: `<file>: <reason>; skipped.` */
export function skippedEntry(file: string, reason: string, level: LoadWarning['level'] = 'warning'): LoadWarning {
  return { code: 'unreadable_file', level, message: `${file}: ${reason}; skipped.`, file };
}

/** Warnings in the order of the files they name. */
export const byFile = (a: LoadWarning, b: LoadWarning): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** What kind of non-regular entry `s` is, for the warning. */
function kindOf(s: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Lists the files of a corpus folder. The folder itself must be readable (its error is thrown:
 * a configuration problem, not a bad file); anything below it that cannot be used is reported.
 */
export async function listCorpusFiles(root: string): Promise<ListedFiles> {
  const files: string[] = [];
  const skipped: LoadWarning[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch (err) {
      if (rel === '') throw err;
      skipped.push(skippedEntry(rel, `folder could not be read (${(err as Error).message})`, 'error'));
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (depth >= MAX_FOLDER_DEPTH) skipped.push(skippedEntry(path, `folder nested deeper than ${MAX_FOLDER_DEPTH} levels`));
        else await walk(path, depth + 1);
      } else if (entry.isFile()) {
        files.push(path);
      } else if (entry.isSymbolicLink()) {
        const target = await stat(join(root, path)).catch((err: NodeJS.ErrnoException) => err);
        if (target instanceof Error) skipped.push(skippedEntry(path, `is a link that cannot be followed (${target.code ?? target.message})`));
        else if (target.isDirectory()) skipped.push(skippedEntry(path, 'is a link to a folder (links to folders are not followed)'));
        else if (target.isFile()) files.push(path);
        else skipped.push(skippedEntry(path, `is a link to ${kindOf(target)}`));
      } else {
        skipped.push(skippedEntry(path, `is ${kindOf(entry)}`));
      }
    }
  };
  await walk('', 0);
  files.sort();
  return { files, skipped };
}

/**
 * The bytes of one corpus file, or why it cannot be used. Opened non-blocking (a FIFO put in
 * its place cannot block), checked to be a regular file on the descriptor, and read up to
 * `maxBytes`: a longer file (also one that grew since it was checked) is refused.
 */
export async function readCorpusFile(path: string, maxBytes: number): Promise<{ bytes: Buffer } | { error: string }> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { error: `could not be read (${(err as Error).message})` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { error: `is ${kindOf(info)}` };
    const tooLarge = (bytes: number) => ({
      error: `is larger than MAX_DOCUMENT_BYTES (${bytes > info.size ? 'at least ' : ''}${bytes} bytes, at most ${maxBytes}; raise MAX_DOCUMENT_BYTES to load it)`,
    });
    if (info.size > maxBytes) return tooLarge(info.size);
    // Read to the end, not just the size the descriptor said: a file being written may grow.
    // One byte more than allowed tells a file past the cap from one that fits exactly.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.max(65_536, info.size + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, maxBytes + 1 - length), null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) return tooLarge(length);
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length) };
  } catch (err) {
    return { error: `could not be read (${(err as Error).message})` };
  } finally {
    await handle.close().catch(() => {});
  }
}

export type ReadResult = Awaited<ReturnType<typeof readCorpusFile>>;
