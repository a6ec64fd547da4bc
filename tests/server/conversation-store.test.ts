/** HTTP conversation stores: signed tokens (the server's), and the in-memory one (random ids, LRU, idle expiry). */
import t from 'tap';
import { emptyContext } from '../../src/answer/conversation.ts';
import { MemoryConversationStore, TokenConversationStore } from '../../src/server/conversation-store.ts';

const ctx = (turns: number) => ({ ...emptyContext(), turns });

t.test('set without an id makes a random one; get returns the context', async (t) => {
  const store = new MemoryConversationStore();
  const a = store.set(undefined, ctx(1));
  const b = store.set(undefined, ctx(2));
  t.match(a, /^[0-9a-f-]{36}$/);
  t.not(a, b);
  t.equal(store.get(a)?.turns, 1);
  store.set(a, ctx(3));
  t.equal(store.get(a)?.turns, 3, 'set with an id updates it');
  t.equal(store.get('unknown'), undefined);
});

t.test('beyond maxEntries the least recently used goes first', async (t) => {
  const store = new MemoryConversationStore({ maxEntries: 2 });
  const a = store.set(undefined, ctx(1));
  const b = store.set(undefined, ctx(2));
  store.get(a); // a is now more recent than b
  const c = store.set(undefined, ctx(3));
  t.equal(store.size, 2);
  t.equal(store.get(b), undefined, 'b evicted');
  t.ok(store.get(a) && store.get(c), 'a and c kept');
});

t.test('a conversation idle longer than idleMs is forgotten', async (t) => {
  const start = 1_000_000;
  let now = start;
  const store = new MemoryConversationStore({ idleMs: 1000, now: () => now });
  const a = store.set(undefined, ctx(1));
  const b = store.set(undefined, ctx(2));
  now = start + 900;
  t.ok(store.get(a), 'used within the idle time: kept, and its clock restarts');
  now = start + 1500;
  t.ok(store.get(a), 'a was touched at 900');
  t.equal(store.get(b), undefined, 'b idle since 0: expired');
  now = start + 5000;
  t.equal(store.get(a), undefined, 'a idle since 1500: expired');
});

const SECRET = 'a-conversation-secret-of-32-chars!';
const full = () => ({
  turns: 2,
  documentId: 'webpros-privacy-policy',
  intents: ['transfer' as const],
  countries: ['JP'],
  entity: 'WebPros Japan K.K.',
  topic: ['transfer', 'data'],
  yesNo: true,
});

t.test('tokens: the context round-trips, across stores with the same secret', async (t) => {
  const a = new TokenConversationStore({ secret: SECRET });
  const b = new TokenConversationStore({ secret: SECRET });
  const token = a.set(undefined, full());
  t.match(token, /^c1\.[\w-]+\.[\w-]{43}$/);
  t.same(a.get(token), full());
  t.same(b.get(token), full(), 'another replica with the same secret reads it');
  t.equal(new TokenConversationStore({ secret: `${SECRET}x` }).get(token), undefined, 'another secret does not');
  t.equal(new TokenConversationStore().get(token), undefined, 'nor a random key');
  t.ok(new TokenConversationStore().ephemeral);
  t.notOk(a.ephemeral);
  t.not(a.set(token, full()), undefined, 'set ignores the old id and issues a token');
});

t.test('tokens: tampered, truncated, foreign or garbage ids are unknown (undefined), never errors', async (t) => {
  const store = new TokenConversationStore({ secret: SECRET });
  const token = store.set(undefined, full());
  const [v, payload, sig] = token.split('.') as [string, string, string];
  const forged = Buffer.from(JSON.stringify({ c: { ...full(), documentId: 'other' }, exp: 9e9 })).toString('base64url');
  for (const bad of [
    `${v}.${forged}.${sig}`,
    `${v}.${payload}.${sig.slice(0, -2)}`,
    `${v}.${payload}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`,
    `c2.${payload}.${sig}`,
    `${v}.${payload}`,
    token.slice(0, -10),
    'not-a-token',
    '7169caac-30f3-4e55-bf8b-3b634d0a96ce',
    '...',
    'c1..',
    'x'.repeat(5000),
  ]) {
    t.equal(store.get(bad), undefined, bad.slice(0, 60));
  }
  // A validly signed payload that is not a context is sanitized into one.
  const odd = new TokenConversationStore({ secret: SECRET });
  const weird = odd.set(undefined, { ...full(), topic: Array.from({ length: 100 }, (_, i) => `t${i}`) });
  t.equal(odd.get(weird)?.topic.length, 24, 'capped by sanitizeContext');
});

t.test('tokens expire', async (t) => {
  let now = 1_000_000_000_000;
  const store = new TokenConversationStore({ secret: SECRET, ttlMs: 60_000, now: () => now });
  const token = store.set(undefined, full());
  now += 59_000;
  t.ok(store.get(token), 'valid before the expiry');
  now += 2_000;
  t.equal(store.get(token), undefined, 'expired after it');
});

t.test('tokens stay within the size cap', async (t) => {
  const store = new TokenConversationStore({ secret: SECRET, maxLength: 400 });
  const big = { ...full(), entity: 'E'.repeat(200), topic: Array.from({ length: 24 }, (_, i) => `topicword${i}`.padEnd(60, 'x')) };
  const token = store.set(undefined, big);
  t.ok(token.length <= 400, `${token.length} characters`);
  const back = store.get(token)!;
  t.ok(back, 'and it still reads back');
  t.ok(back.topic.length < 24, 'topic words were trimmed first');
  t.equal(back.turns, 2);
  t.ok(new TokenConversationStore({ secret: SECRET }).set(undefined, big).length <= 4096, 'default cap 4096');
});

t.test('tokens: a frozen context is remembered by identity, for its second only', async (t) => {
  let now = 1_000_000_000_000;
  const store = new TokenConversationStore({ secret: SECRET, now: () => now });
  const frozen = Object.freeze({ ...full(), topic: Object.freeze(['transfer']) as string[] });
  const token = store.set(undefined, frozen);
  t.equal(store.set(undefined, frozen), token);
  t.equal(store.set(undefined, { ...frozen, topic: ['transfer'] }), token, 'the same token as an equal context that is not frozen');
  t.same(store.get(token), frozen);
  now += 1000;
  const later = store.set(undefined, frozen);
  t.not(later, token, 'a new second: a new expiry, a new token');
  t.same(store.get(later), frozen);
  t.equal(new TokenConversationStore({ secret: SECRET, now: () => now }).set(undefined, frozen), later, 'what any store would issue');
});
