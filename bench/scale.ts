/**
 * Corpus scale: generated policies (bench/generate-corpus.ts) at several sizes, each served by
 * the real server process. For each size:
 *
 * - time to ready with no snapshot (load, parse, index; then the snapshot is saved),
 * - the slowest GET /healthz while the server starts (probed every 200 ms: indexing runs in a
 *   worker thread, so the server must keep answering; the Kubernetes liveness probe needs it),
 * - time to ready from the saved snapshot (a second start),
 * - resident memory of the server after the background analysis and the questions,
 * - answer latency at the client, one ask at a time over one WebSocket: questions restricted to
 *   a random document (`documentId`), and questions across all documents.
 *
 * Every answer is computed (ANSWER_CACHE_SIZE=0): the caches would hide what this measures.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import WebSocket from 'ws';
import { loadConfig } from '../src/config.ts';
import { generateCorpus } from './generate-corpus.ts';
import { mainCommand, ROOT, rssOf, sleep, startServer, summarise, UNTHROTTLED, waitForLine, type Server } from './lib.ts';

/** Generic questions a visitor asks about any policy. */
export const SCALE_QUESTIONS = [
  'Is my data transferred to the USA?',
  'How long do you keep my data?',
  'Who is the controller?',
  'Do you sell my personal data?',
  'What cookies do you use?',
  'Is my data transferred to Japan?',
  'How can I unsubscribe from the newsletter?',
  'Who can I contact about privacy?',
  'What are my rights?',
  'What is the legal basis for processing my data?',
  'Which service providers receive my data?',
  'Can I lodge a complaint with a supervisory authority?',
  'Do you use my data for profiling?',
  'How do you protect my data?',
  'Where is your headquarters?',
  'Is there a data protection officer?',
];

export interface ScaleRow {
  documents: number;
  clauses: number | null;
  corpusMB: number;
  readyMs: number;
  snapshotReadyMs: number;
  snapshotSource: unknown;
  snapshotSaveMs: number | null;
  /** Slowest GET /healthz (and how many were probed) between listening and ready, without and with the snapshot. */
  healthMaxMs: number | null;
  healthProbes: number;
  snapshotHealthMaxMs: number | null;
  rssMB: number | null;
  analysed: number | null;
  /** Round trip at the client. */
  perDocument: ReturnType<typeof summarise>;
  crossDocument: ReturnType<typeof summarise>;
  /** The server's own time for the same asks (`latencyMs` of its `ask answered` log lines). */
  perDocumentServer: ReturnType<typeof summarise>;
  crossDocumentServer: ReturnType<typeof summarise>;
  analysisCacheSize: number;
}

/** The server's default ANALYSIS_CACHE_SIZE (src/config.ts). */
export const DEFAULT_ANALYSIS_CACHE_SIZE = loadConfig({}).answers.analysisCacheSize;

let seed = 20260101;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

/** Sequential asks over one socket; returns each round trip in ms. */
async function sequentialAsks(server: Server, count: number, documentIds: string[] | null): Promise<number[]> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/v1/chat`, { perMessageDeflate: false });
  const replies: Array<(msg: { type: string }) => void> = [];
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { type: string };
    if (msg.type === 'ready') ready();
    else replies.shift()?.(msg);
  });
  await once(ws, 'open');
  await isReady;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const documentId = documentIds ? documentIds[Math.floor(random() * documentIds.length)] : undefined;
    const question = SCALE_QUESTIONS[i % SCALE_QUESTIONS.length]!;
    const reply = new Promise<{ type: string }>((r) => replies.push(r));
    const t = performance.now();
    ws.send(JSON.stringify({ type: 'ask', id: String(i), question, ...(documentId ? { documentId } : {}) }));
    const msg = await reply;
    times.push(performance.now() - t);
    if (msg.type !== 'answer') throw new Error(`ask failed: ${JSON.stringify(msg)}`);
  }
  ws.close();
  return times;
}

async function documentIdsOf(server: Server): Promise<string[]> {
  const res = await fetch(`${server.url}/v1/documents`);
  const body = (await res.json()) as { documents: Array<{ id: string }> };
  return body.documents.map((d) => d.id);
}

export async function runScaleSize(
  documents: number,
  options: {
    perDocumentAsks: number;
    crossAsks: number;
    analysisCacheSize?: number;
    nodeOptions?: string[];
    log?: (s: string) => void;
    /** Only the two starts (no asks): `npx tsx bench/scale.ts 10000 --start-only`. */
    startOnly?: boolean;
  },
): Promise<ScaleRow> {
  const log = options.log ?? (() => {});
  const corpus = join(ROOT, `.cache/bench/corpus-${documents}`);
  const snapshots = join(ROOT, `.cache/bench/index-${documents}`);
  const { generated } = generateCorpus(corpus, documents);
  log(`  ${documents} documents ${generated ? 'generated' : 'reused'} in ${corpus}`);
  rmSync(snapshots, { recursive: true, force: true });
  const corpusMB = readdirSync(corpus).reduce((sum, f) => sum + statSync(join(corpus, f)).size, 0) / 2 ** 20;
  const analysisCacheSize = options.analysisCacheSize ?? DEFAULT_ANALYSIS_CACHE_SIZE;
  const env = {
    CORPUS_DIR: corpus,
    INDEX_SNAPSHOT_DIR: snapshots,
    LOG_LEVEL: 'info',
    ANSWER_CACHE_SIZE: '0',
    ANALYSIS_CACHE_SIZE: String(analysisCacheSize),
    CONVERSATION_SECRET: 'bench-conversation-secret-0123456789',
    ...UNTHROTTLED,
  };

  // 1. No snapshot: load, parse, index, then save.
  const fresh = await startServer({ args: mainCommand(), readyz: true, env, timeoutMs: 900_000, nodeOptions: options.nodeOptions, probeHealth: true });
  const maxOf = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
  const healthMaxMs = maxOf(fresh.healthProbes);
  log(`  slowest /healthz while starting: ${healthMaxMs?.toFixed(0) ?? '–'} ms over ${fresh.healthProbes.length} probes`);
  let snapshotSaveMs: number | null = null;
  let clauses: number | null = null;
  try {
    log(`  ready without a snapshot in ${(fresh.readyMs / 1000).toFixed(1)} s`);
    const saved = await waitForLine(fresh, (l) => l.msg === 'index snapshot saved' || /could not save/.test(String(l.msg)), 120_000);
    snapshotSaveMs = typeof saved?.ms === 'number' ? saved.ms : null;
    const ready = await fetch(`${fresh.url}/readyz`).then((r) => r.json() as Promise<{ clauses: number }>);
    clauses = ready.clauses;
  } finally {
    await fresh.stop();
  }

  if (options.startOnly) {
    const again = await startServer({ args: mainCommand(), readyz: true, env, timeoutMs: 120_000, nodeOptions: options.nodeOptions, probeHealth: true });
    await again.stop();
    log(`  from the snapshot: ready in ${(again.readyMs / 1000).toFixed(1)} s, slowest /healthz ${maxOf(again.healthProbes)?.toFixed(0) ?? '–'} ms`);
    const none = summarise([0]);
    return {
      documents, clauses, corpusMB, readyMs: fresh.readyMs, snapshotReadyMs: again.readyMs, snapshotSource: again.readyLine?.source, snapshotSaveMs,
      healthMaxMs, healthProbes: fresh.healthProbes.length, snapshotHealthMaxMs: maxOf(again.healthProbes), rssMB: null, analysed: null,
      perDocument: none, crossDocument: none, perDocumentServer: none, crossDocumentServer: none, analysisCacheSize,
    };
  }

  // 2. From the snapshot.
  const server = await startServer({ args: mainCommand(), readyz: true, env, timeoutMs: 120_000, nodeOptions: options.nodeOptions, probeHealth: true });
  try {
    const readyLine = await waitForLine(server, (l) => l.msg === 'index ready', 5000);
    log(`  ready from the snapshot in ${(server.readyMs / 1000).toFixed(1)} s (${String(readyLine?.source)})`);
    const analysed = await waitForLine(server, (l) => l.msg === 'documents analysed ahead of questions', 120_000);
    const ids = await documentIdsOf(server);
    // A few asks to settle, not measured.
    await sequentialAsks(server, 20, ids);
    const serverSide = async (run: () => Promise<number[]>) => {
      server.askLatencies.length = 0;
      server.captureAsks(true);
      const client = await run();
      await sleep(100); // the last log lines
      server.captureAsks(false);
      return { client: summarise(client), server: summarise(server.askLatencies) };
    };
    const perDoc = await serverSide(() => sequentialAsks(server, options.perDocumentAsks, ids));
    const cross = await serverSide(() => sequentialAsks(server, options.crossAsks, null));
    const perDocument = perDoc.client;
    const crossDocument = cross.client;
    await sleep(200);
    const rss = rssOf(server.proc.pid);
    return {
      documents,
      clauses,
      corpusMB,
      readyMs: fresh.readyMs,
      snapshotReadyMs: server.readyMs,
      snapshotSource: readyLine?.source,
      snapshotSaveMs,
      healthMaxMs,
      healthProbes: fresh.healthProbes.length,
      snapshotHealthMaxMs: maxOf(server.healthProbes),
      rssMB: rss === null ? null : rss / 2 ** 20,
      analysed: typeof analysed?.documents === 'number' ? analysed.documents : null,
      perDocument,
      crossDocument,
      perDocumentServer: perDoc.server,
      crossDocumentServer: cross.server,
      analysisCacheSize,
    };
  } finally {
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('scale.ts')) {
  const nodeOptions = process.env.SERVER_NODE_OPTIONS?.split(' ').filter(Boolean);
  const analysisCacheSize = process.env.ANALYSIS_CACHE_SIZE ? Number(process.env.ANALYSIS_CACHE_SIZE) : undefined;
  const startOnly = process.argv.includes('--start-only');
  for (const n of process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number)) {
    const r = await runScaleSize(n, { perDocumentAsks: 1000, crossAsks: 200, log: console.error, nodeOptions, analysisCacheSize, startOnly });
    console.log(JSON.stringify({ n, ready: r.readyMs, snap: r.snapshotReadyMs, healthMaxMs: r.healthMaxMs, healthProbes: r.healthProbes, snapshotHealthMaxMs: r.snapshotHealthMaxMs, rss: r.rssMB, per: r.perDocument, cross: r.crossDocument }));
  }
}
