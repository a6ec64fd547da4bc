/** The in-memory HTTP conversation store: random ids, LRU eviction, idle expiry. */
import t from 'tap';
import { emptyContext } from '../../src/answer/conversation.ts';
import { MemoryConversationStore } from '../../src/server/conversation-store.ts';

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
  let now = 0;
  const store = new MemoryConversationStore({ idleMs: 1000, now: () => now });
  const a = store.set(undefined, ctx(1));
  const b = store.set(undefined, ctx(2));
  now = 900;
  t.ok(store.get(a), 'used within the idle time: kept, and its clock restarts');
  now = 1500;
  t.ok(store.get(a), 'a was touched at 900');
  t.equal(store.get(b), undefined, 'b idle since 0: expired');
  now = 5000;
  store.set(undefined, ctx(3));
  t.equal(store.size, 1, 'expired entries are swept on write');
});
