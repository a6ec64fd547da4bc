/**
 * Word policies (.docx): mammoth turns the document into HTML (Heading 1–6 styles into h1–h6,
 * bold runs into <strong>, line breaks into <br>, tables into tables), which is then read like
 * any HTML policy.
 */
import { parseHtml } from './parse-html.ts';
import type { ParsedBody } from './parsed.ts';

export async function parseDocx(bytes: Uint8Array): Promise<ParsedBody> {
  // Loaded on first use: most corpora (and processes) never read a Word file.
  const { default: mammoth } = await import('mammoth');
  // mammoth reads a Buffer: a view of the same bytes, not a copy.
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { value: html } = await mammoth.convertToHtml({ buffer });
  const body = parseHtml(`<body>${html}</body>`);
  // Offsets into the generated HTML are not offsets into the file: no source ranges.
  for (const it of body.items) delete it.source;
  return { ...body, format: 'docx' };
}
