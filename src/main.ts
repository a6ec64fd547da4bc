/**
 * Process entry point: read the config, check CORPUS_DIR, start listening with an empty index
 * (so /readyz says 503 while building), then load the corpus and build the index (or read its
 * snapshot) in a worker thread, which saves the snapshot as soon as it is built; restore the
 * index here in slices, warm up in slices, swap it in, and analyse documents ahead of questions
 * in the background. The event loop is never held for long, so /healthz and signals are
 * answered at every moment of the start. This is the only place that decides the process's
 * exit status.
 *
 * Shutdown (close-with-grace): on SIGTERM/SIGINT (or an uncaught error) the app closes
 * gracefully: indexing still running is stopped (the worker is terminated), new requests and upgrades get 503 `shutting_down`, WebSockets answer the asks
 * they have received and close with 1001 (see the preClose hook in server/app.ts); the process
 * exits 0 once closed, or 1 if that takes longer than SHUTDOWN_TIMEOUT_MS. A second signal
 * exits at once.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { policyModelSnapshot } from './answer/model/store.ts';
import { setAnalysisCacheSize } from './answer/analysis-store.ts';
import { indexFromParts } from './search/snapshot-store.ts';
import { IndexWorkerStopped, prepareIndexInWorker, type RunningPreparation } from './search/prepare-in-worker.ts';
import { buildApp } from './server/app.ts';
import { logCorpusWarnings } from './server/corpus-log.ts';
import { IndexHolder } from './server/index-holder.ts';
import { createLogger, logWritten, stdoutDestination } from './server/logger.ts';
import { CHAT_WARM_UP_ASKS, analyseInBackground, warmUpAnswers, warmUpChat } from './server/warm-up.ts';

/** Why CORPUS_DIR cannot be used, in one line, or null when it is a readable folder. */
async function corpusDirProblem(dir: string): Promise<string | null> {
  const where = `CORPUS_DIR ${JSON.stringify(dir)}${resolve(dir) === dir ? '' : ` (${resolve(dir)})`}`;
  try {
    if (!(await stat(dir)).isDirectory()) return `${where} is not a folder; set CORPUS_DIR to the folder of policy files.`;
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${where} does not exist; set CORPUS_DIR to the folder of policy files.`;
    return `${where} cannot be read (${code ?? (err as Error).message}).`;
  }
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
  // Before listening: a server that listens and then dies is worse than one that never started.
  const corpusProblem = await corpusDirProblem(config.corpus.dir);
  if (corpusProblem) {
    console.error(`policy-qa: ${corpusProblem}`);
    process.exitCode = 1;
    return;
  }

  const destination = stdoutDestination();
  const logger = createLogger(config.logging, destination);
  const indexHolder = new IndexHolder(null);
  const app = await buildApp({ config, index: indexHolder, logger, processMetrics: true });

  let closing: Promise<void> | null = null;
  /** The index being prepared in a worker thread, while it is. */
  let preparing: RunningPreparation | null = null;
  /** Close the app once; resolves when closed (throws if closing failed). */
  const close = (reason: string): Promise<void> => {
    closing ??= (async () => {
      logger.info({ reason }, 'shutting down');
      await preparing?.stop();
      await app.close();
      logger.info('closed');
      // Before close-with-grace exits: a stdout whose reader is gone must not hang the exit (see logWritten).
      await logWritten(destination);
    })();
    return closing;
  };
  const grace = closeWithGrace(
    {
      delay: config.server.shutdownTimeoutMs,
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
    await app.listen({ port: config.server.port, host: config.server.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const { port, host } = config.server;
    if (code === 'EADDRINUSE') {
      logger.fatal({ port, host }, `port ${port} on ${host} is already in use (another server is running there); stop it, or start on another port with PORT=<number> (PORT=0 picks a free one)`);
    } else if (code === 'EACCES') {
      logger.fatal({ port, host }, `not allowed to listen on port ${port} on ${host}; pick another port with PORT=<number> (ports below 1024 need privileges)`);
    } else if (code === 'EADDRNOTAVAIL') {
      logger.fatal({ port, host }, `HOST ${host} is not an address of this machine; set HOST (127.0.0.1, or 0.0.0.0 for every interface)`);
    } else {
      logger.fatal({ err }, 'could not listen');
    }
    await fail('listen failed');
    return;
  }

  const started = performance.now();
  try {
    // From a saved snapshot when corpus files, code and settings are unchanged (src/search/snapshot-store.ts),
    // else built and saved; either way in a worker thread, off this event loop.
    // Each document's policy model is built with the index and kept in its snapshot (src/answer/model/).
    const extras = [policyModelSnapshot];
    preparing = prepareIndexInWorker(
      { corpusDir: config.corpus.dir, snapshotDir: config.corpus.snapshotDir, maxDocumentBytes: config.corpus.maxDocumentBytes, extras },
      logger,
    );
    const prepared = await preparing.result;
    preparing = null;
    if (closing) return;
    const restoreStarted = performance.now();
    const index = await indexFromParts(prepared.parts, {}, extras);
    setAnalysisCacheSize(index, config.answers.analysisCacheSize);
    const restoreMs = performance.now() - restoreStarted;
    logCorpusWarnings(logger, prepared.corpusErrors, index.listDocuments());
    if (index.documentCount === 0) {
      logger.warn({ corpusDir: config.corpus.dir }, 'no documents loaded; every question will be unanswerable');
    }
    if (closing) return;
    // The first questions should not pay for compiling the answer code (see server/warm-up.ts).
    const warmUp = await warmUpAnswers(index, { budgetMs: config.answers.warmUpMs, stop: () => closing !== null });
    if (closing) return;
    // Served but not yet ready: the same conversation over /v1/chat, so a visitor's first asks do not
    // pay for the cold transport path either (server/warm-up.ts). A failure costs only the warm-up.
    indexHolder.set(index, { buildMs: performance.now() - started, ready: false });
    const chatWarmUp = await warmUpChat(app, index.listDocuments().map((d) => d.id), {
      apiKey: config.access.apiKeys[0],
      asksPerSocket: config.limits.wsAskBurst,
      asks: Math.min(CHAT_WARM_UP_ASKS, Math.floor(config.limits.wsIpAskBurst / 2)),
      stop: () => closing !== null,
    }).catch((err: unknown) => {
      logger.warn({ err }, 'WebSocket warm-up failed; the first asks pay for the cold transport path');
      return { ms: 0, asks: 0 };
    });
    if (closing) return;
    indexHolder.markReady();
    logger.info(
      {
        corpusDir: config.corpus.dir,
        documents: index.documentCount,
        clauses: index.clauseCount,
        loadErrors: prepared.corpusErrors.length,
        source: prepared.source,
        hashMs: Math.round(prepared.timings.hashMs),
        loadMs: Math.round(prepared.timings.loadMs),
        restoreMs: Math.round(restoreMs),
        warmUpMs: Math.round(warmUp.ms),
        warmUpAnswers: warmUp.answers,
        chatWarmUpMs: Math.round(chatWarmUp.ms),
        chatWarmUpAsks: chatWarmUp.asks,
        ms: Math.round(performance.now() - started),
      },
      'index ready',
    );
    // After ready, in slices between requests: analyse documents ahead of use.
    void analyseInBackground(index, { stop: () => closing !== null }).then((ahead) => {
      if (!closing) logger.info({ documents: ahead.documents, ms: Math.round(ahead.ms) }, 'documents analysed ahead of questions');
    }).catch((err: unknown) => logger.error({ err }, 'background warm-up failed; documents are analysed on first use'));
  } catch (err) {
    if (closing && err instanceof IndexWorkerStopped) return;
    logger.fatal({ err, corpusDir: config.corpus.dir }, 'could not load the corpus');
    await fail('corpus load failed');
  }
}

await main();
