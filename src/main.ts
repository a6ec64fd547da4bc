/**
 * Process entry point: read the config, start listening with an empty index (so /readyz says
 * 503 while building), load the corpus, build the index, swap it in. SIGINT/SIGTERM close the
 * app. This is the only place that decides the process's exit status.
 */
import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { loadCorpus } from './corpus/load.ts';
import type { LoadWarning } from './corpus/types.ts';
import { ClauseIndex } from './search/clause-index.ts';
import { buildApp } from './server/app.ts';
import { IndexHolder } from './server/index-holder.ts';
import { createLogger } from './server/logger.ts';

type Logger = ReturnType<typeof createLogger>;

function logWarning(logger: Logger, w: LoadWarning): void {
  const fields = { file: w.file, code: w.code, clauseId: w.clauseId, start: w.start, end: w.end };
  if (w.level === 'error') logger.error(fields, `${w.file}: ${w.message}`);
  else if (w.level === 'warning') logger.warn(fields, `${w.file}: ${w.message}`);
  else logger.info(fields, `${w.file}: ${w.message}`);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`policy-qa: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }

  const logger = createLogger(config);
  const indexHolder = new IndexHolder(null);
  const app = await buildApp({ config, index: indexHolder, logger });

  let closing: Promise<void> | null = null;
  const close = (reason: string): Promise<void> => {
    closing ??= (async () => {
      logger.info({ reason }, 'shutting down');
      try {
        await app.close();
        logger.info('closed');
      } catch (err) {
        logger.error({ err }, 'error while closing');
        process.exitCode = 1;
      }
    })();
    return closing;
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    logger.fatal({ err }, 'could not listen');
    process.exitCode = 1;
    await close('listen failed');
    return;
  }

  const started = performance.now();
  try {
    const corpus = await loadCorpus(config.corpusDir);
    for (const e of corpus.errors) logWarning(logger, e);
    for (const doc of corpus.documents) for (const w of doc.warnings) logWarning(logger, w);
    if (corpus.documents.length === 0) {
      logger.warn({ corpusDir: config.corpusDir }, 'no documents loaded; every question will be unanswerable');
    }
    if (closing) return;
    const index = ClauseIndex.build(corpus.documents);
    indexHolder.set(index);
    logger.info(
      {
        corpusDir: config.corpusDir,
        documents: index.listDocuments().length,
        clauses: index.clauseCount,
        loadErrors: corpus.errors.length,
        ms: Math.round(performance.now() - started),
      },
      'index ready',
    );
  } catch (err) {
    logger.fatal({ err, corpusDir: config.corpusDir }, 'could not load the corpus');
    process.exitCode = 1;
    await close('corpus load failed');
  }
}

await main();
