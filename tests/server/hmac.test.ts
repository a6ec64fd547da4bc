/** HmacSha256 is HMAC-SHA256: the same as node:crypto's createHmac for every kind of key and text. */
import { createHmac } from 'node:crypto';
import t from 'tap';
import { HmacSha256 } from '../../src/server/hmac.ts';

t.test('equal to createHmac, base64url', async (t) => {
  // Keys shorter than, as long as and longer than SHA-256's 64-byte block (a longer key is hashed first).
  const keys: Array<string | Buffer> = ['operator-key-0123456789', 'k'.repeat(64), 'ключ-'.repeat(30), Buffer.from([0, 255, 128, 7])];
  for (const key of keys) {
    const hmac = new HmacSha256(key);
    for (const text of ['Is my data sent to Japan?', 'café ☕ 日本 ÿ', '', 'x'.repeat(1000), 'c1.eyJjIjp7fX0']) {
      t.equal(hmac.base64url(text), createHmac('sha256', key).update(text, 'utf8').digest('base64url'), `${key.length}-unit key, ${text.length}-character text`);
    }
  }
});
