/** `policy-qa lint [DIR] [--json] [--strict]`: what the loader made of each file, and its problems. */
import { parseArgs } from 'node:util';
import { lintReport, type LintProblem, type LintReport } from '../corpus/lint.ts';
import { readCorpus } from './corpus.ts';
import { COMMON_OPTIONS, corpusDir, EXIT, json, UsageError, type ExitCode, type Io } from './io.ts';

export const lintHelp = `Usage: policy-qa lint [DIR] [--json] [--strict]

Loads the corpus folder as the server does and lists, per document, its clause tree
(ids, headings, lines) and its problems: repeated headings, empty sections, text that
ends mid-sentence, off-topic text, and files that could not be loaded.

Exit status: 0 when no problem is an error, 1 when one is (or, with --strict, when
there is any warning), 2 on a usage mistake.

Options:
  DIR             corpus folder (default: $CORPUS_DIR or ./corpus)
  --json          print the report as JSON: {ok, counts, documents: [{id, file, format,
                  title, clauses, problems}], files}
  --strict        warnings fail too
  -h, --help      this help
`;

function problemLine(p: LintProblem, file?: string): string {
  const where = [file && p.line !== undefined ? `${file}:${p.line}` : p.line !== undefined ? `line ${p.line}` : file, p.clauseId]
    .filter(Boolean)
    .join(' ');
  return `${p.level.padEnd(7)} ${p.code.padEnd(18)} ${where ? `${where}: ` : ''}${p.message}`;
}

function printReport(io: Io, report: LintReport, dir: string): void {
  io.out(`Corpus ${dir}: ${report.documents.length} document(s)\n`);
  for (const doc of report.documents) {
    io.out(`\n${doc.id}  (${doc.file}, ${doc.format}${doc.title ? `, "${doc.title}"` : ''}, ${doc.clauses.length} clauses)\n`);
    const width = Math.min(24, Math.max(4, ...doc.clauses.map((c) => 2 * (c.depth - 1) + c.id.length)));
    for (const c of doc.clauses) {
      const id = `${'  '.repeat(c.depth - 1)}${c.id}`;
      io.out(`  ${id.padEnd(width)}  ${c.heading || '(no heading)'}  [line ${c.line}]\n`);
    }
    if (doc.problems.length === 0) io.out('  no problems\n');
    for (const p of doc.problems) io.out(`  ${problemLine(p, doc.file)}\n`);
  }
  if (report.files.length) {
    io.out('\nFiles not loaded:\n');
    for (const f of report.files) io.out(`  ${problemLine(f)}\n`);
  }
  const { error, warning, info } = report.counts;
  io.out(`\n${error} error(s), ${warning} warning(s), ${info} info\n`);
}

export async function lintCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      strict: { type: 'boolean', default: false },
      ...COMMON_OPTIONS,
    },
  });
  if (values.help) {
    io.out(lintHelp);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError('lint takes one folder');
  if (positionals.length === 1 && values.corpus !== undefined) throw new UsageError('give the folder either as DIR or as --corpus, not both');
  const dir = corpusDir(io, positionals[0] ?? values.corpus);
  const report = lintReport(await readCorpus(io, dir));
  if (values.json) json(io, report);
  else printReport(io, report, dir);
  const failed = !report.ok || (values.strict && report.counts.warning > 0);
  return failed ? EXIT.failed : EXIT.ok;
}
