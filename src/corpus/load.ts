/**
 * Reads a corpus folder. A bad file never stops the load: it is skipped and reported in
 * `errors`, and the other files still load. Which entries are read, and how safely, is
 * read-folder.ts.
 *
 * Reading and parsing are two steps (`readCorpusFolder`, `parseCorpus`), so that a caller who
 * needs the bytes first can have them once: the index snapshot store hashes the files it read
 * for its key, and on a miss parses those very bytes, without reading (or hashing) them again.
 */
import { join } from 'node:path';
import { lintDocument } from './lint.ts';
import { documentIdOf, formatOf, isBinaryFormat, parseBinaryDocument, parseDocument } from './parse-document.ts';
import { DEFAULT_MAX_DOCUMENT_BYTES, byFile, listCorpusFiles, readCorpusFile, skippedEntry, type ReadResult } from './read-folder.ts';
import type { LoadedCorpus, LoadWarning, PolicyDocument } from './types.ts';

export { parseBinaryDocument, parseDocument };

export interface LoadOptions {
  /** Largest file read (config MAX_DOCUMENT_BYTES); larger ones are skipped with an error. */
  maxDocumentBytes?: number;
  /** Called with every file as it is read (tests change files at that moment). */
  onRead?: (file: string) => void;
}

/** A corpus folder as read, not parsed yet: every supported file's bytes (or why it cannot be read), in load order. */
export interface CorpusFiles {
  files: Array<{ file: string; read: ReadResult }>;
  /** Entries not read: not regular files, links to folders, unsupported formats. */
  skipped: LoadWarning[];
}

/** Files read at once: the reads wait on the disk, not the CPU. */
const PARALLEL_READS = 16;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text, or why it cannot be used. `ignoreBOM` keeps a BOM so offsets match the file. */
function decodeText(bytes: Buffer): { text: string } | { error: string } {
  if (bytes.includes(0)) return { error: 'contains NUL bytes (binary or UTF-16 file)' };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { error: 'is not valid UTF-8' };
  }
}

/** Reads every supported file of `dir` (the folder itself must be readable: its error is thrown). */
export async function readCorpusFolder(dir: string, options: LoadOptions = {}): Promise<CorpusFiles> {
  const maxBytes = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const listed = await listCorpusFiles(dir);
  const skipped = [...listed.skipped];
  const names: string[] = [];
  for (const file of listed.files) {
    if (formatOf(file) !== null) names.push(file);
    else skipped.push({ code: 'unsupported_format', level: 'info', message: `${file}: not a .txt, .md, .html, .pdf or .docx file; ignored.`, file });
  }
  const files = new Array<{ file: string; read: ReadResult }>(names.length);
  let next = 0;
  const reader = async () => {
    for (let i = next++; i < names.length; i = next++) {
      const file = names[i]!;
      files[i] = { file, read: await readCorpusFile(join(dir, file), maxBytes) };
      options.onRead?.(file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, names.length) }, reader));
  return { files, skipped };
}

/** Parses files read by `readCorpusFolder`. */
export async function parseCorpus(corpus: CorpusFiles): Promise<LoadedCorpus> {
  const errors: LoadWarning[] = [...corpus.skipped];
  const documents: PolicyDocument[] = [];
  const loadedFrom = new Map<string, string>();
  for (const { file, read } of corpus.files) {
    const unreadable = (reason: string) => errors.push(skippedEntry(file, reason, 'error'));
    const id = documentIdOf(file);
    const first = loadedFrom.get(id);
    if (first !== undefined) {
      unreadable(`has the same document id "${id}" as ${first}, which was loaded first`);
      continue;
    }
    if ('error' in read) {
      unreadable(read.error);
      continue;
    }
    try {
      // PDF and Word files are parsed from their bytes; everything else must be UTF-8 text.
      let doc: PolicyDocument;
      if (isBinaryFormat(formatOf(file))) doc = await parseBinaryDocument(file, read.bytes);
      else {
        const decoded = decodeText(read.bytes);
        if ('error' in decoded) {
          unreadable(decoded.error);
          continue;
        }
        doc = parseDocument(file, decoded.text);
      }
      // Problems only the whole document shows (off-topic text), after the parser's own.
      doc.warnings.push(...lintDocument(doc));
      documents.push(doc);
      loadedFrom.set(id, file);
    } catch (err) {
      unreadable(`could not be parsed (${(err as Error).message})`);
    }
  }
  return { documents, errors: errors.sort(byFile) };
}

/** Reads and parses a corpus folder. */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<LoadedCorpus> {
  return parseCorpus(await readCorpusFolder(dir, options));
}
