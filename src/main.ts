/**
 * Process entry point: read the config, start listening with an empty index (so /readyz says
 * 503 while building), load the corpus and build the index (or load its snapshot), warm up,
 * swap it in; then save the snapshot and analyse documents ahead of questions in the background. This is the only place
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
import type { LoadWarning } from './corpus/types.ts';
import { openIndex } from './search/snapshot.ts';
import { policyModelSnapshot } from './answer/model/store.ts';
import { buildApp } from './server/app.ts';
import { IndexHolder } from './server/index-holder.ts';
import { createLogger } from './server/logger.ts';
import { analyseInBackground, warmUpAnswers } from './server/warm-up.ts';

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
    // From a saved snapshot when corpus files, code and settings are unchanged (src/search/snapshot.ts).
    const opened = await openIndex({
      corpusDir: config.corpusDir,
      snapshotDir: config.indexSnapshotDir,
      // Each document's policy model is built with the index and kept in its snapshot (src/answer/model/).
      extras: [policyModelSnapshot],
      indexOptions: { analysisCacheSize: config.analysisCacheSize },
      log: logger,
    });
    const { index } = opened;
    for (const e of opened.corpusErrors) logWarning(logger, e);
    for (const doc of index.listDocuments()) for (const w of doc.warnings) logWarning(logger, w);
    if (index.documentCount === 0) {
      logger.warn({ corpusDir: config.corpusDir }, 'no documents loaded; every question will be unanswerable');
    }
    if (closing) return;
    // The first questions should not pay for compiling the answer code (see server/warm-up.ts).
    const warmUp = warmUpAnswers(index, { answers: config.warmUpAnswers });
    indexHolder.set(index, { buildMs: performance.now() - started });
    logger.info(
      {
        corpusDir: config.corpusDir,
        documents: index.documentCount,
        clauses: index.clauseCount,
        loadErrors: opened.corpusErrors.length,
        source: opened.source,
        hashMs: Math.round(opened.timings.hashMs),
        loadMs: Math.round(opened.timings.loadMs),
        warmUpMs: Math.round(warmUp.ms),
        warmUpAnswers: warmUp.answers,
        ms: Math.round(performance.now() - started),
      },
      'index ready',
    );
    // After ready, in slices between requests: save the snapshot, analyse documents ahead of use.
    void opened.save().then(async () => {
      if (closing) return;
      const ahead = await analyseInBackground(index, { stop: () => closing !== null });
      logger.info({ documents: ahead.documents, ms: Math.round(ahead.ms) }, 'documents analysed ahead of questions');
    }).catch((err: unknown) => logger.error({ err }, 'background warm-up failed; documents are analysed on first use'));
  } catch (err) {
    logger.fatal({ err, corpusDir: config.corpusDir }, 'could not load the corpus');
    await fail('corpus load failed');
  }
}

await main();
