/** `policy-qa clause DOC ID [--json] [--corpus DIR]`: one clause's full text and place in the tree. */
import { parseArgs } from 'node:util';
import { readCorpus } from './corpus.ts';
import { COMMON_OPTIONS, corpusDir, EXIT, json, NotFoundError, UsageError, type ExitCode, type Io } from './io.ts';

export const clauseHelp = `Usage: policy-qa clause DOC ID [--json] [--corpus DIR]

Prints one clause: its heading, where it sits in the document, and its whole text
(sub-clauses included, as GET /v1/documents/:id's start/end slice it).

Options:
  --json          print {documentId, id, heading, parentId, depth, start, end, children, text, warnings}
  --corpus DIR    corpus folder (default: $CORPUS_DIR or ./corpus)
  -h, --help      this help
`;

export async function clauseCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
    },
  });
  if (values.help) {
    io.out(clauseHelp);
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new UsageError(`clause needs a document id and a clause id (got ${positionals.length} arguments)`);
  const [docId, clauseId] = positionals as [string, string];

  const corpus = await readCorpus(io, corpusDir(io, values.corpus));
  const doc = corpus.documents.find((d) => d.id === docId);
  if (!doc) {
    throw new NotFoundError(`no document "${docId}"; the corpus has: ${corpus.documents.map((d) => d.id).join(', ') || '(none)'}`);
  }
  const clause = doc.clauses.find((c) => c.id === clauseId);
  if (!clause) throw new NotFoundError(`no clause "${clauseId}" in ${docId}; it has: ${doc.clauses.map((c) => c.id).join(', ')}`);

  const result = {
    documentId: doc.id,
    id: clause.id,
    heading: clause.heading,
    parentId: clause.parentId,
    depth: clause.depth,
    start: clause.start,
    end: clause.end,
    children: doc.clauses.filter((c) => c.parentId === clause.id).map((c) => c.id),
    text: doc.text.slice(clause.start, clause.end).trimEnd(),
    warnings: doc.warnings
      .filter((w) => w.clauseId === clause.id)
      .map((w) => ({ code: w.code, level: w.level, message: w.message })),
  };
  if (values.json) {
    json(io, result);
    return EXIT.ok;
  }
  const path: string[] = [];
  for (let p = clause.parentId; p; p = doc.clauses.find((c) => c.id === p)?.parentId ?? null) path.unshift(p);
  io.out(`${doc.id} ${clause.id}${clause.heading ? ` · ${clause.heading}` : ''}\n`);
  if (path.length) io.out(`in: ${path.join(' > ')}\n`);
  if (result.children.length) io.out(`sub-clauses: ${result.children.join(', ')}\n`);
  for (const w of result.warnings) io.out(`${w.level}: ${w.code}: ${w.message}\n`);
  io.out(`\n${result.text}\n`);
  return EXIT.ok;
}
