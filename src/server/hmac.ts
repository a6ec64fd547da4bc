/**
 * HMAC-SHA256 under one key, for values signed or hashed on every request (the question hash of
 * each ask's log line, HTTP conversation tokens). Exactly `createHmac('sha256', key)`'s result
 * (tests/server/hmac.test.ts compares them), computed as RFC 2104 defines it from the key's two
 * padded blocks, made once, and two one-shot `crypto.hash` calls: an Hmac object per call cost
 * ~5 µs of server CPU more per remembered WebSocket ask (scripts/dev/ws-cpu-ab.mts, 2026-12-02:
 * 64.4 → 58.9 and 57.8 → 52.5 µs, both orders). The inner digest comes back as a 'binary' (latin1,
 * one character per byte) string: `crypto.hash`'s Buffer output is the slow path.
 */
import { createHash, hash } from 'node:crypto';

/** SHA-256's block size: HMAC pads (or first hashes) the key to it. */
const BLOCK_BYTES = 64;

export class HmacSha256 {
  /** The padded key XOR HMAC's inner pad. */
  readonly #innerPad: Buffer;
  /** The padded key XOR HMAC's outer pad, as a latin1 string. */
  readonly #outerPad: string;

  constructor(key: string | Buffer) {
    const given = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    const padded = Buffer.alloc(BLOCK_BYTES);
    (given.length > BLOCK_BYTES ? createHash('sha256').update(given).digest() : given).copy(padded);
    const inner = Buffer.alloc(BLOCK_BYTES);
    const outer = Buffer.alloc(BLOCK_BYTES);
    for (let i = 0; i < BLOCK_BYTES; i++) {
      inner[i] = padded[i]! ^ 0x36;
      outer[i] = padded[i]! ^ 0x5c;
    }
    this.#innerPad = inner;
    this.#outerPad = outer.toString('latin1');
  }

  /** The HMAC of `text` (as UTF-8), base64url. */
  base64url(text: string): string {
    const inner = hash('sha256', Buffer.concat([this.#innerPad, Buffer.from(text, 'utf8')]), 'binary');
    return hash('sha256', Buffer.from(this.#outerPad + inner, 'latin1'), 'base64url');
  }
}
