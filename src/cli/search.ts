/** `policy-qa search "terms" [--limit N] [--doc ID] [--json] [--corpus DIR]`: clauses that match. */
import { parseArgs } from 'node:util';
import { normaliseQuestion } from '../protocol/question.ts';
import { openIndex, requireDocument } from './corpus.ts';
import { searchClauses } from '../answer/search-hits.ts';
import { COMMON_OPTIONS, corpusDir, EXIT, highlight, json, UsageError, type ExitCode, type Io } from './io.ts';

export const searchHelp = `Usage: policy-qa search "terms" [--limit N] [--doc ID] [--json] [--corpus DIR]

Lists the clauses that best match the terms, best first, each with its best sentence.

Options:
  --limit N       how many clauses (1-50, default 10)
  --doc ID        only this document
  --json          print {query, results} as GET /v1/search does
  --corpus DIR    corpus folder (default: $CORPUS_DIR or ./corpus)
  -h, --help      this help
`;

export async function searchCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      limit: { type: 'string', default: '10' },
      doc: { type: 'string' },
      ...COMMON_OPTIONS,
    },
  });
  if (values.help) {
    io.out(searchHelp);
    return EXIT.ok;
  }
  const limit = Number(values.limit);
  if (!/^\d+$/.test(values.limit) || limit < 1 || limit > 50) throw new UsageError(`--limit must be a whole number from 1 to 50, not "${values.limit}"`);
  const query = normaliseQuestion(positionals.join(' '));
  if (query.length === 0) throw new UsageError('search needs terms');
  if (query.length > 1000) throw new UsageError('the terms are longer than 1000 characters');

  const index = await openIndex(io, corpusDir(io, values.corpus));
  if (values.doc !== undefined) requireDocument(index, values.doc);
  const results = searchClauses(index, query, { limit, ...(values.doc !== undefined ? { documentId: values.doc } : {}) });
  if (values.json) {
    json(io, { query, results });
    return EXIT.ok;
  }
  if (results.length === 0) {
    io.out('No clause matches.\n');
    return EXIT.ok;
  }
  results.forEach((hit, i) => {
    io.out(`${i > 0 ? '\n' : ''}${hit.documentId} ${hit.clauseId}${hit.heading ? ` · ${hit.heading}` : ''}  (score ${hit.score.toFixed(2)})\n`);
    io.out(`    ${highlight(io, hit.excerpt, hit.highlights).replace(/\n/g, '\n    ')}\n`);
  });
  return EXIT.ok;
}
