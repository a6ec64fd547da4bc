/**
 * Logging what the corpus loader reported, without flooding the log: a document can carry
 * thousands of warnings of one kind (a large generated file, a heading repeated on every page),
 * so each document logs at most `PER_CODE` lines of each warning code and then one line saying
 * how many more there were. Every line names its file once: the loader's file errors already
 * start with the file, a document's own warnings do not.
 */
import type { LoadWarning, PolicyDocument } from '../corpus/types.ts';

/** Lines logged per document and warning code before the rest is summarised. */
export const PER_CODE = 3;

/** The subset of a pino logger used here. */
export interface WarningLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Logs at the log level of a warning's level. */
function logAt(log: WarningLog, level: LoadWarning['level'], fields: object, msg: string): void {
  if (level === 'error') log.error(fields, msg);
  else if (level === 'warning') log.warn(fields, msg);
  else log.info(fields, msg);
}

function logOne(log: WarningLog, w: LoadWarning, msg: string): void {
  logAt(log, w.level, { file: w.file, code: w.code, clauseId: w.clauseId, start: w.start, end: w.end }, msg);
}

/** Logs the files that could not be loaded, then each document's warnings, summarised per code. */
export function logCorpusWarnings(log: WarningLog, fileErrors: readonly LoadWarning[], documents: readonly PolicyDocument[]): void {
  // "Problems with files that could not be loaded at all (each names its file)": logged as they are.
  for (const e of fileErrors) logOne(log, e, e.message);
  for (const doc of documents) {
    const byCode = new Map<string, LoadWarning[]>();
    for (const w of doc.warnings) {
      const list = byCode.get(w.code);
      if (list) list.push(w);
      else byCode.set(w.code, [w]);
    }
    for (const [code, list] of byCode) {
      for (const w of list.slice(0, PER_CODE)) logOne(log, w, `${w.file}: ${w.message}`);
      const more = list.length - PER_CODE;
      if (more > 0) {
        const msg = `${doc.file}: ${more} more ${code} warnings like the above, not listed (${list.length} in all; \`policy-qa lint\` lists every one)`;
        logAt(log, list[0]!.level, { file: doc.file, code, more, total: list.length }, msg);
      }
    }
  }
}
