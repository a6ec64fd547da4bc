/**
 * The `policy-qa` command line: ask, search, clause, lint, each working directly on a corpus
 * folder (no server). `main` returns the exit status; `src/cli.ts` is the process wrapper.
 */
import { ConfigError } from '../config.ts';
import { askCommand, askHelp } from './ask.ts';
import { clauseCommand, clauseHelp } from './clause.ts';
import { EXIT, NotFoundError, UsageError, type ExitCode, type Io } from './io.ts';
import { lintCommand, lintHelp } from './lint.ts';
import { searchCommand, searchHelp } from './search.ts';

export const mainHelp = `Usage: policy-qa <command> [options]

Commands (each reads the corpus folder directly; no server needed):
  ask "question" [--doc ID] [--json]      answer a question, with cited clause excerpts
  search "terms" [--limit N] [--json]     clauses matching the terms, best first
  clause DOC ID [--json]                  one clause's whole text
  lint [DIR] [--json] [--strict]          each document's clause tree and problems

Options for all commands:
  --corpus DIR    corpus folder (default: $CORPUS_DIR or ./corpus); files larger than
                  $MAX_DOCUMENT_BYTES are skipped, as by the server
  -h, --help      help for the command ("policy-qa help <command>" too)

Exit status:
  0  done
  1  lint found an error-level problem; or a document, clause or corpus folder was not found
  2  usage mistake (unknown command or option, missing argument, a bad setting)
`;

const COMMANDS: Record<string, { run: (args: string[], io: Io) => Promise<ExitCode>; help: string }> = {
  ask: { run: askCommand, help: askHelp },
  search: { run: searchCommand, help: searchHelp },
  clause: { run: clauseCommand, help: clauseHelp },
  lint: { run: lintCommand, help: lintHelp },
};

function usageLine(help: string): string {
  return help.split('\n')[0] ?? '';
}

/** `parseArgs` reports unknown options and missing values with these codes. */
function isParseArgsError(err: unknown): err is Error {
  const code = (err as { code?: string }).code ?? '';
  return code.startsWith('ERR_PARSE_ARGS_');
}

export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(mainHelp);
    return EXIT.usage;
  }
  if (name === '-h' || name === '--help') {
    io.out(mainHelp);
    return EXIT.ok;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) io.out(mainHelp);
    else if (COMMANDS[topic]) io.out(COMMANDS[topic].help);
    else {
      io.err(`policy-qa: no command "${topic}"\n\n${mainHelp}`);
      return EXIT.usage;
    }
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`policy-qa: no command "${name}"\n\n${mainHelp}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      io.err(`policy-qa ${name}: ${err.message}\n${usageLine(command.help)}\nRun "policy-qa ${name} --help" for more.\n`);
      return EXIT.usage;
    }
    if (err instanceof ConfigError) {
      io.err(`policy-qa ${name}: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof NotFoundError) {
      io.err(`policy-qa ${name}: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
}
