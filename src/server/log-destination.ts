/**
 * Where the logger writes by default: stdout, the lines of one event-loop turn joined into one
 * write. A busy server logs a line per ask; a write per line (pino's synchronous default, or
 * Node's stdout to a file, which writes every chunk on its own) or sonic-boom's asynchronous
 * buffer (which measures its whole pending text on every line) cost more than answering a
 * remembered question. Node writes to pipes and files synchronously, so the lines of a turn are
 * out when it ends; lines still pending when the process exits are written by an exit hook.
 */
import type { DestinationStream } from 'pino';

type Writable = Pick<NodeJS.WritableStream, 'write'>;

interface Pending {
  stream: Writable;
  lines: string[];
}

/** Destinations with lines waiting for the end of the turn. */
const waiting = new Set<Pending>();
let exitHookInstalled = false;

function flush(pending: Pending): void {
  if (!waiting.delete(pending)) return;
  const text = pending.lines.join('');
  pending.lines = [];
  pending.stream.write(text);
}

export function turnBatchedStream(stream: Writable = process.stdout): DestinationStream {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const pending of [...waiting]) flush(pending);
    });
  }
  const pending: Pending = { stream, lines: [] };
  return {
    write(line: string): void {
      pending.lines.push(line);
      if (pending.lines.length === 1) {
        waiting.add(pending);
        setImmediate(flush, pending);
      }
    },
  };
}
