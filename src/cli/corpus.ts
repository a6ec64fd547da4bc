/** Loading the corpus folder for a command, reporting files that could not be loaded on stderr. */
import { loadCorpus } from '../corpus/load.ts';
import type { LoadedCorpus } from '../corpus/types.ts';
import { ClauseIndex } from '../search/clause-index.ts';
import { NotFoundError, type Io } from './io.ts';

/** Loads `dir`; a missing folder is NotFoundError. */
export async function readCorpus(dir: string): Promise<LoadedCorpus> {
  try {
    return await loadCorpus(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotFoundError(`corpus folder not found: ${dir}`);
    throw err;
  }
}

/** Loads and indexes `dir` for ask/search; unloadable files are mentioned on stderr (lint lists them). */
export async function openIndex(io: Io, dir: string): Promise<ClauseIndex> {
  const corpus = await readCorpus(dir);
  for (const e of corpus.errors) if (e.level === 'error') io.err(`policy-qa: ${e.message}\n`);
  return ClauseIndex.build(corpus.documents);
}

/** The document, or NotFoundError listing the ones there are. */
export function requireDocument(index: ClauseIndex, id: string) {
  const doc = index.getDocument(id);
  if (!doc) {
    const ids = index.listDocuments().map((d) => d.id);
    throw new NotFoundError(`no document "${id}"; the corpus has: ${ids.length ? ids.join(', ') : '(none)'}`);
  }
  return doc;
}
