/**
 * Runs `prepareIndex` in a worker thread (index-worker.ts) and collects what it sends. The
 * caller turns the parts into an index with `indexFromParts`, which yields to the event loop.
 * `stop()` terminates the worker at once (SIGTERM during indexing).
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest } from './index-worker.ts';
import type { PreparedIndex, SnapshotExtra, SnapshotLog, SnapshotPart } from './snapshot.ts';

/** index-worker.ts next to this file, or index-worker.js in the build. */
const WORKER_URL = new URL(`./index-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * The worker's entry. The build runs index-worker.js directly. From the TypeScript sources
 * (tests, `tsx`), a worker thread does not inherit the `--import tsx` hooks of this thread, so
 * a one-line module registers tsx in the worker first (tsx is a dev dependency: only then).
 */
function workerEntry(): URL {
  if (!WORKER_URL.pathname.endsWith('.ts')) return WORKER_URL;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(WORKER_URL.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export class IndexWorkerStopped extends Error {
  override name = 'IndexWorkerStopped';
}

export interface RunningPreparation {
  result: Promise<PreparedIndex>;
  /** Ends the worker; `result` then rejects with IndexWorkerStopped. */
  stop(): Promise<void>;
}

export function prepareIndexInWorker(
  request: Omit<WorkerRequest, 'extras'> & { extras?: readonly SnapshotExtra[] },
  log: SnapshotLog,
): RunningPreparation {
  const extras = (request.extras ?? []).map((extra) => {
    if (!extra.module) throw new Error(`snapshot extra ${extra.name} does not say which module exports it`);
    return extra.module;
  });
  const worker = new Worker(workerEntry(), { workerData: { ...request, extras } satisfies WorkerRequest });
  let stopped = false;
  const result = new Promise<PreparedIndex>((resolve, reject) => {
    const parts: SnapshotPart[] = [];
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'log') log[message.level](message.obj, message.msg);
      else if (message.type === 'part') parts.push(message.part);
      else if (message.type === 'done') settle(() => resolve({ ...message.prepared, parts }));
      else settle(() => reject(Object.assign(new Error(message.error.message), message.error)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) =>
      settle(() => reject(stopped ? new IndexWorkerStopped('indexing stopped') : new Error(`the index worker exited (status ${code}) before it finished`))),
    );
  });
  return {
    result,
    stop: async () => {
      stopped = true;
      await worker.terminate();
    },
  };
}
