/**
 * Reads a corpus folder. A bad file never stops the load: it is skipped and reported in
 * `errors`, and the other files still load. Which entries are read, and how safely, is
 * read-folder.ts.
 */
import { join } from 'node:path';
import { lintDocument } from './lint.ts';
import { documentIdOf, formatOf, isBinaryFormat, parseBinaryDocument, parseDocument } from './parse-document.ts';
import { DEFAULT_MAX_DOCUMENT_BYTES, listCorpusFiles, readCorpusFile, type ReadResult } from './read-folder.ts';
import type { LoadedCorpus, LoadWarning, PolicyDocument } from './types.ts';

export { parseBinaryDocument, parseDocument };

export interface LoadOptions {
  /** Largest file read (config MAX_DOCUMENT_BYTES); larger ones are skipped with an error. */
  maxDocumentBytes?: number;
  /** Called with every file read, in load order, with exactly the bytes that were parsed. */
  onRead?: (file: string, read: ReadResult) => void;
}

function unreadable(file: string, reason: string): LoadWarning {
  return { code: 'unreadable_file', level: 'error', message: `${file}: ${reason}; skipped.`, file };
}

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

/** The corpus files the loader reads (supported formats), in load order. */
export function filesToRead(files: readonly string[]): string[] {
  return files.filter((file) => formatOf(file) !== null);
}

export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<LoadedCorpus> {
  const maxBytes = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const listed = await listCorpusFiles(dir);
  const errors: LoadWarning[] = [...listed.skipped];
  const documents: PolicyDocument[] = [];
  const loadedFrom = new Map<string, string>();
  for (const file of listed.files) {
    const format = formatOf(file);
    if (format === null) {
      errors.push({ code: 'unsupported_format', level: 'info', message: `${file}: not a .txt, .md, .html, .pdf or .docx file; ignored.`, file });
      continue;
    }
    const read = await readCorpusFile(join(dir, file), maxBytes);
    options.onRead?.(file, read);
    const id = documentIdOf(file);
    const first = loadedFrom.get(id);
    if (first !== undefined) {
      errors.push(unreadable(file, `has the same document id "${id}" as ${first}, which was loaded first`));
      continue;
    }
    // PDF and Word files are parsed from their bytes; everything else must be UTF-8 text.
    const binary = isBinaryFormat(format);
    const decoded = 'error' in read ? read : binary ? { bytes: new Uint8Array(read.bytes) } : decodeText(read.bytes);
    if ('error' in decoded) {
      errors.push(unreadable(file, decoded.error));
      continue;
    }
    try {
      const doc = 'bytes' in decoded ? await parseBinaryDocument(file, decoded.bytes) : parseDocument(file, decoded.text);
      // Problems only the whole document shows (off-topic text), after the parser's own.
      doc.warnings.push(...lintDocument(doc));
      documents.push(doc);
      loadedFrom.set(id, file);
    } catch (err) {
      errors.push(unreadable(file, `could not be parsed (${(err as Error).message})`));
    }
  }
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { documents, errors };
}
