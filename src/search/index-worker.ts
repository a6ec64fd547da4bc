/**
 * Worker thread entry: `prepareIndex` (reading, hashing and parsing the corpus, building the
 * index, reading or saving its snapshot) runs here, off the server's event loop, so /healthz,
 * asks on a previous index and signals are answered throughout. The snapshot texts come back
 * one file per message (each cheap to receive); log lines are forwarded to the server's logger.
 * The main-thread side is prepare-in-worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareIndex, type PrepareOptions, type PreparedIndex, type SnapshotExtra, type SnapshotPart } from './snapshot-store.ts';

/** What the server sends the worker (as `workerData`): the extras by where to import them from. */
export type WorkerRequest = Omit<PrepareOptions, 'log' | 'onRead' | 'extras'> & { extras?: Array<{ url: string; export: string }> };

/** What the worker sends back, in this order: logs, then one `part` per file, then `done` (or `failed`). */
export type WorkerMessage =
  | { type: 'log'; level: 'info' | 'warn'; obj: Record<string, unknown>; msg: string }
  | { type: 'part'; part: SnapshotPart }
  | { type: 'done'; prepared: Omit<PreparedIndex, 'parts'> }
  | { type: 'failed'; error: { message: string; code?: string; stack?: string } };

/** An Error as plain fields (a structured clone drops `code`). */
function plainError(err: unknown): { message: string; code?: string; stack?: string } {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as NodeJS.ErrnoException).code;
  return { message: err.message, ...(code ? { code } : {}), ...(err.stack ? { stack: err.stack } : {}) };
}

function logFields(obj: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = v instanceof Error ? plainError(v) : v;
  return out;
}

if (parentPort) {
  const port = parentPort;
  const send = (message: WorkerMessage) => port.postMessage(message);
  const request = workerData as WorkerRequest;
  try {
    const extras = await Promise.all(
      (request.extras ?? []).map(async (ref) => (await import(ref.url) as Record<string, SnapshotExtra>)[ref.export]!),
    );
    const { parts, ...prepared } = await prepareIndex({
      ...request,
      extras,
      log: {
        info: (obj, msg) => send({ type: 'log', level: 'info', obj: logFields(obj), msg }),
        warn: (obj, msg) => send({ type: 'log', level: 'warn', obj: logFields(obj), msg }),
      },
    });
    for (const part of parts) send({ type: 'part', part });
    send({ type: 'done', prepared });
  } catch (err) {
    send({ type: 'failed', error: plainError(err) });
  }
}
