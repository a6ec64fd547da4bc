/**
 * What every CLI command gets instead of touching `process`: its output streams, environment
 * and working folder, so tests can run commands in-process and read what they printed.
 */
import { isAbsolute, resolve } from 'node:path';
import { loadSettings, type Config } from '../config.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Colour/bold for highlights (stdout is a terminal and NO_COLOR is not set). */
  color: boolean;
}

/** Exit statuses (documented in `policy-qa --help` and the README). */
export const EXIT = {
  ok: 0,
  /** Lint found an error-level problem; a document, clause or corpus folder was not found. */
  failed: 1,
  /** Bad command line: unknown command or option, missing or extra argument. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A command-line mistake: printed with the command's usage line, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A thing the user named does not exist: printed, exit status 1. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The options every command takes (`--json`, `--corpus DIR`, `-h/--help`); each command adds its own. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean', default: false },
  corpus: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The corpus settings (CORPUS_DIR, MAX_DOCUMENT_BYTES, ...) read as the server reads them (src/config.ts, where their defaults live). */
export function corpusSettings(io: Io): Config['corpus'] {
  return loadSettings('corpus', io.env);
}

/** The corpus folder: `--corpus`, else CORPUS_DIR, relative to the working folder. */
export function corpusDir(io: Io, option: string | undefined): string {
  const dir = option ?? corpusSettings(io).dir;
  return isAbsolute(dir) ? dir : resolve(io.cwd, dir);
}

const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/** `text` with the `[start, end)` ranges marked: bold on a terminal, else left as is. */
export function highlight(io: Io, text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (!io.color || ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (s < at || e > text.length || e <= s) continue;
    out += text.slice(at, s) + BOLD + text.slice(s, e) + RESET;
    at = e;
  }
  return out + text.slice(at);
}

export function json(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
