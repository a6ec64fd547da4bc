/**
 * A hand-written WebSocket client over a plain TCP socket, for frames a well-behaved client
 * library would never send (invalid UTF-8 in a text frame, ...). It does the opening handshake,
 * writes masked frames byte for byte, and parses what the server sends back.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

export interface RawClient {
  socket: Socket;
  /** Write one masked frame. */
  send(opcode: number, payload: Buffer, fin?: boolean): void;
  /** The next frame from the server (rejects if the connection ends first). */
  next(): Promise<RawFrame>;
  /** The close code of the server's close frame (skipping other frames), or null if the TCP connection ended without one. */
  closeCode(): Promise<number | null>;
}

export async function rawConnect(port: number, path = '/v1/chat', headers: Record<string, string> = {}): Promise<RawClient> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const key = randomBytes(16).toString('base64');
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
  );

  let buffer = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | null = null;
  socket.on('data', (d: Buffer) => {
    buffer = Buffer.concat([buffer, d]);
    wake?.();
  });
  socket.on('close', () => {
    ended = true;
    wake?.();
  });
  socket.on('error', () => {});
  const waitData = () => new Promise<void>((resolve) => (wake = resolve));

  // The handshake response.
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end !== -1) {
      const head = buffer.subarray(0, end).toString('latin1');
      buffer = buffer.subarray(end + 4);
      if (!/^HTTP\/1\.1 101 /.test(head)) throw new Error(`upgrade refused: ${head.split('\r\n')[0]}`);
      break;
    }
    if (ended) throw new Error('connection closed during the handshake');
    await waitData();
  }

  const next = async (): Promise<RawFrame> => {
    for (;;) {
      if (buffer.length >= 2) {
        const b0 = buffer[0]!;
        const b1 = buffer[1]!;
        let len = b1 & 0x7f;
        let offset = 2;
        if (len === 126) {
          if (buffer.length < 4) len = -1;
          else {
            len = buffer.readUInt16BE(2);
            offset = 4;
          }
        } else if (len === 127) {
          if (buffer.length < 10) len = -1;
          else {
            len = Number(buffer.readBigUInt64BE(2));
            offset = 10;
          }
        }
        if (len >= 0 && buffer.length >= offset + len) {
          const frame = { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload: buffer.subarray(offset, offset + len) };
          buffer = buffer.subarray(offset + len);
          return frame;
        }
      }
      if (ended) throw new Error('connection ended');
      await waitData();
    }
  };

  return {
    socket,
    send(opcode, payload, fin = true) {
      const mask = randomBytes(4);
      const masked = Buffer.from(payload);
      for (let i = 0; i < masked.length; i++) masked[i]! ^= mask[i % 4]!;
      let header: Buffer;
      if (payload.length < 126) {
        header = Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | payload.length]);
      } else if (payload.length < 65536) {
        header = Buffer.alloc(4);
        header[0] = (fin ? 0x80 : 0) | opcode;
        header[1] = 0x80 | 126;
        header.writeUInt16BE(payload.length, 2);
      } else {
        header = Buffer.alloc(10);
        header[0] = (fin ? 0x80 : 0) | opcode;
        header[1] = 0x80 | 127;
        header.writeBigUInt64BE(BigInt(payload.length), 2);
      }
      socket.write(Buffer.concat([header, mask, masked]));
    },
    next,
    async closeCode() {
      for (;;) {
        let frame: RawFrame;
        try {
          frame = await next();
        } catch {
          return null;
        }
        if (frame.opcode === 0x8) return frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
      }
    },
  };
}
