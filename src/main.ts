/**
 * Process entry point: read the config, start listening with an empty index (so /readyz says
 * 503 while building), load the corpus, build the index, swap it in. This is the only place
 * that decides the process's exit status.
 *
 * Shutdown (close-with-grace): on SIGTERM/SIGINT (or an uncaught error) the app closes
 * gracefully: new requests and upgrades get 503 `shutting_down`, WebSockets answer the asks
 * they have received and close with 1001 (see the preClose hook in server/app.ts); the process
 * exits 0 once closed, or 1 if that takes longer than SHUTDOWN_TIMEOUT_MS. A second signal
 * exits at once.
 */
import { performance } from 'node:perf_hooks';
import closeWithGrace from 'close-with-grace';
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
  const app = await buildApp({ config, index: indexHolder, logger, processMetrics: true });

  let closing: Promise<void> | null = null;
  /** Close the app once; resolves when closed (throws if closing failed). */
  const close = (reason: string): Promise<void> => {
    closing ??= (async () => {
      logger.info({ reason }, 'shutting down');
      await app.close();
      logger.info('closed');
    })();
    return closing;
  };
  const grace = closeWithGrace(
    {
      delay: config.shutdownTimeoutMs,
      logger: { error: (msg: unknown) => logger.error({ detail: String(msg) }, 'shutdown') },
      onTimeout: (ms: number) => logger.error({ ms }, 'shutdown took longer than SHUTDOWN_TIMEOUT_MS; exiting'),
      onSecondSignal: (signal: string) => logger.warn({ signal }, 'second signal; exiting now'),
    },
    async ({ signal, err }) => {
      if (err) logger.fatal({ err }, 'uncaught error; shutting down');
      await close(signal ?? (err ? 'uncaught error' : 'exit'));
    },
  );
  /** Close after a failure at start: exit status 1, without close-with-grace's exit(0). */
  const fail = async (reason: string): Promise<void> => {
    grace.uninstall();
    process.exitCode = 1;
    try {
      await close(reason);
    } catch (err) {
      logger.error({ err }, 'error while closing');
    }
  };

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    logger.fatal({ err }, 'could not listen');
    await fail('listen failed');
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
    indexHolder.set(index, { buildMs: performance.now() - started });
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
    await fail('corpus load failed');
  }
}

await main();
