/** `policy-qa ask "question" [--doc ID] [--json] [--corpus DIR]`: one answer with its citations. */
import { parseArgs } from 'node:util';
import { answerQuestion } from '../answer/answer-question.ts';
import { publicAnswer, type PublicAnswer } from '../protocol/answer.ts';
import { checkQuestion } from '../protocol/question.ts';
import { openIndex, requireDocument } from './corpus.ts';
import { COMMON_OPTIONS, corpusDir, EXIT, highlight, json, UsageError, type ExitCode, type Io } from './io.ts';

export const askHelp = `Usage: policy-qa ask "question" [--doc ID] [--json] [--corpus DIR]

Answers a question from the corpus, with the clause excerpts it rests on.
The words of the question may also be given unquoted.

Options:
  --doc ID        only this document
  --json          print the answer object of docs/protocol.md
  --corpus DIR    corpus folder (default: $CORPUS_DIR or ./corpus)
  -h, --help      this help
`;

const VERDICTS: Record<NonNullable<PublicAnswer['verdict']>, string> = {
  yes: 'Yes',
  no: 'No',
  conditional: 'Conditional',
  not_stated: 'Not stated',
};

/** Longest question accepted, as the server's default MAX_QUESTION_LENGTH. */
const MAX_QUESTION_LENGTH = 1000;

export async function askCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      doc: { type: 'string' },
      ...COMMON_OPTIONS,
    },
  });
  if (values.help) {
    io.out(askHelp);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('ask needs a question');
  const check = checkQuestion(positionals.join(' '), MAX_QUESTION_LENGTH);
  if (!check.ok) throw new UsageError(`the question is not usable: ${check.detail}`);

  const index = await openIndex(io, corpusDir(io, values.corpus));
  if (values.doc !== undefined) requireDocument(index, values.doc);
  const { answer } = answerQuestion(index, check.question, values.doc !== undefined ? { documentId: values.doc } : {});
  const pub = publicAnswer(answer);
  if (values.json) {
    json(io, pub);
    return EXIT.ok;
  }
  io.out(`${pub.text}\n`);
  const facts = [
    pub.verdict ? `verdict: ${VERDICTS[pub.verdict]}` : null,
    pub.answerable ? null : 'the policy does not answer this',
    `confidence ${pub.confidence.toFixed(2)}`,
  ].filter(Boolean);
  io.out(`  (${facts.join(' · ')})\n`);
  if (pub.citations.length) io.out(pub.answerable ? '\nCited:\n' : '\nClosest passages (they do not answer it):\n');
  pub.citations.forEach((c, i) => {
    io.out(`${i ? '\n' : ''}[${i + 1}] ${c.documentId} ${c.clauseId}${c.heading ? ` · ${c.heading}` : ''}\n`);
    io.out(`    ${highlight(io, c.excerpt, c.highlights).replace(/\n/g, '\n    ')}\n`);
  });
  return EXIT.ok;
}
