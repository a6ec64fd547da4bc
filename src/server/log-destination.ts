/**
 * Where the logger writes by default: stdout, with the lines of one event-loop turn written
 * together. A busy server logs a line per ask; a system call per line (pino's synchronous
 * default) or sonic-boom's asynchronous buffer (which measures its whole pending buffer on every
 * line) cost more than answering a remembered question. Here each turn's lines are queued on the
 * corked stream and leave in one write when the turn ends (or at exit). Node writes to pipes and
 * files synchronously, so nothing queued is lost when the process exits normally.
 */
import type { DestinationStream } from 'pino';

type Corkable = Pick<NodeJS.WritableStream, 'write'> & { cork(): void; uncork(): void };

/** Streams corked now, uncorked at exit if their turn never ended (process.exit in the same turn). */
const corkedStreams = new Set<Corkable>();
let exitHookInstalled = false;

function uncork(stream: Corkable): void {
  if (corkedStreams.delete(stream)) stream.uncork();
}

export function turnBatchedStream(stream: Corkable = process.stdout): DestinationStream {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const s of [...corkedStreams]) uncork(s);
    });
  }
  return {
    write(line: string): void {
      if (!corkedStreams.has(stream)) {
        corkedStreams.add(stream);
        stream.cork();
        setImmediate(uncork, stream);
      }
      stream.write(line);
    },
  };
}
