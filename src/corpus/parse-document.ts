/**
 * One file's text → a `PolicyDocument`. Pure: no file system, so tests and the CLI can
 * parse strings directly.
 */
import { buildClauses } from './build-clauses.ts';
import { documentMetadata } from './metadata.ts';
import { parseHtml } from './parse-html.ts';
import { parseDocx } from './parse-docx.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { parsePdf } from './parse-pdf.ts';
import { parseText } from './parse-text.ts';
import type { ParsedBody } from './parsed.ts';
import type { Clause, DocumentFormat, PolicyDocument } from './types.ts';

const FORMATS: Record<string, DocumentFormat> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

/** Formats stored as binary files: read as bytes, parsed asynchronously, no character source. */
export function isBinaryFormat(format: DocumentFormat | null): format is 'pdf' | 'docx' {
  return format === 'pdf' || format === 'docx';
}

function extensionOf(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** The format a file name implies, or null for extensions the loader does not read. */
export function formatOf(file: string): DocumentFormat | null {
  return FORMATS[extensionOf(file)] ?? null;
}

/** File name without folder and extension: `sub/a.md` → `a`. */
export function documentIdOf(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const ext = extensionOf(file);
  return ext ? name.slice(0, -ext.length) : name;
}

/** The 1-based line of each clause's source start, counted in the file as read. */
function setSourceLines(clauses: Clause[], raw: string): void {
  let line = 1;
  let pos = 0;
  for (const c of [...clauses].filter((x) => x.source).sort((a, b) => a.source!.start - b.source!.start)) {
    for (; pos < c.source!.start && pos < raw.length; pos++) if (raw.charCodeAt(pos) === 10) line++;
    c.source!.line = line;
  }
}

function finish(file: string, parsed: ParsedBody, raw: string | null): PolicyDocument {
  const { clauses, warnings } = buildClauses(file, parsed);
  if (raw !== null) setSourceLines(clauses, raw);
  const metadata = documentMetadata(parsed.text, parsed.metadata);
  return { id: documentIdOf(file), title: parsed.title, format: parsed.format, file, text: parsed.text, metadata, clauses, warnings };
}

/** Parses a text file by extension; an unknown extension is read as plain text. */
export function parseDocument(file: string, raw: string): PolicyDocument {
  const format = formatOf(file) ?? 'text';
  const parsed = format === 'markdown' ? parseMarkdown(raw) : format === 'html' ? parseHtml(raw) : parseText(raw);
  return finish(file, { ...parsed, format: isBinaryFormat(format) ? 'text' : format }, raw);
}

/** Parses a PDF or Word file. */
export async function parseBinaryDocument(file: string, bytes: Uint8Array): Promise<PolicyDocument> {
  const format = formatOf(file);
  if (format === 'pdf') return finish(file, await parsePdf(bytes), null);
  if (format === 'docx') return finish(file, await parseDocx(bytes), null);
  throw new Error(`${file} is not a PDF or Word file`);
}
