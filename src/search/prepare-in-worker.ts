/**
 * Runs `prepareIndex` in a worker thread (index-worker.ts) and collects what it sends. The
 * caller turns the parts into an index with `indexFromParts`, which yields to the event loop.
 * `stop()` terminates the worker at once (SIGTERM during indexing).
 */
import { extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest } from './index-worker.ts';
import type { PreparedIndex, SnapshotExtra, SnapshotLog, SnapshotPart } from './snapshot-store.ts';

/** index-worker.ts next to this file, or index-worker.js in the build. */
const WORKER_URL = new URL(`./index-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** The modules this process preloaded with `--import` (a TypeScript loader when run from the sources). */
function preloads(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--import' && args[i + 1] !== undefined) out.push(args[++i]!);
    else if (arg.startsWith('--import=')) out.push(arg.slice('--import='.length));
  }
  return out;
}

/** A `--import` argument as a URL: node resolves paths from the working folder, names as packages. */
function preloadUrl(specifier: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return specifier;
  if (specifier.startsWith('.') || isAbsolute(specifier)) return pathToFileURL(resolve(specifier)).href;
  return import.meta.resolve(specifier);
}

/**
 * The worker's entry: index-worker.js in the build. From the TypeScript sources (tests, `tsx`),
 * a worker thread does not get the module hooks this thread's `--import` preloads registered,
 * so a one-line module imports the same preloads in the worker first.
 */
function workerEntry(): URL {
  const modules = preloads();
  if (modules.length === 0) return WORKER_URL;
  // `--import tsx` names tsx's hooks module, which registers itself only on the main thread:
  // in a worker, tsx's API registers them.
  const code = modules
    .map((m) =>
      m === 'tsx' ? `(await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register();` : `await import(${JSON.stringify(preloadUrl(m))});`,
    )
    .concat(`await import(${JSON.stringify(WORKER_URL.href)});`)
    .join(' ');
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
  const extras = (request.extras ?? []).map((extra) => extra.module);
  const worker = new Worker(workerEntry(), { workerData: { ...request, extras } satisfies WorkerRequest });
  let stopped = false;
  const result = new Promise<PreparedIndex>((resolve, reject) => {
    // The first of done / failed / error / exit settles it; a promise ignores later calls.
    const parts: SnapshotPart[] = [];
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'log') log[message.level](message.obj, message.msg);
      else if (message.type === 'part') parts.push(message.part);
      else if (message.type === 'done') resolve({ ...message.prepared, parts });
      else reject(Object.assign(new Error(message.error.message), message.error));
    });
    worker.on('error', (err) => reject(err));
    worker.on('exit', (code) =>
      reject(stopped ? new IndexWorkerStopped('indexing stopped') : new Error(`the index worker exited (status ${code}) before it finished`)),
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
