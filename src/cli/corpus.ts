/** Loading the corpus folder for a command, reporting files that could not be loaded on stderr. */
import { loadCorpus } from '../corpus/load.ts';
import type { LoadedCorpus } from '../corpus/types.ts';
import { ClauseIndex } from '../search/clause-index.ts';
import { NotFoundError, corpusSettings, type Io } from './io.ts';

/** Loads `dir` as the server would (files up to MAX_DOCUMENT_BYTES); a missing folder is NotFoundError. */
export async function readCorpus(io: Io, dir: string): Promise<LoadedCorpus> {
  try {
    return await loadCorpus(dir, { maxDocumentBytes: corpusSettings(io).maxDocumentBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotFoundError(`corpus folder not found: ${dir}`);
    throw err;
  }
}

/** Loads and indexes `dir` for ask/search; unloadable files are mentioned on stderr (lint lists them). */
export async function openIndex(io: Io, dir: string): Promise<ClauseIndex> {
  const corpus = await readCorpus(io, dir);
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
