/**
 * Where HTTP conversations live between requests. The WebSocket keeps its context per socket;
 * HTTP clients get a `conversationId` to send back. The routes only see the tiny
 * `ConversationStore` interface.
 *
 * The server uses `TokenConversationStore`: the conversationId IS the conversation, a signed,
 * expiring token of the (small, plain JSON) context, so any replica holding the same secret can
 * continue it and no replica keeps any state. `MemoryConversationStore` (random ids, state in
 * this process) remains for tests and single-process embedding.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sanitizeContext, type ConversationContext } from '../answer/conversation.ts';

export interface ConversationStore {
  /** The context of a live conversation, or undefined if unknown or expired. */
  get(id: string): ConversationContext | undefined;
  /** Store `context` under `id` (a new random id when omitted); returns the id. */
  set(id: string | undefined, context: ConversationContext): string;
}

export interface MemoryStoreOptions {
  /** Most conversations kept; the least recently used is evicted beyond it. Default 10,000. */
  maxEntries?: number;
  /** A conversation not used for this long is forgotten. Default 30 minutes. */
  idleMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  context: ConversationContext;
  touched: number;
}

/**
 * Bounded LRU map with idle expiry. A Map keeps insertion order; every get/set re-inserts the
 * entry, so the first entries are the least recently used, and therefore also the idlest.
 */
export class MemoryConversationStore implements ConversationStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#idleMs = options.idleMs ?? 30 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): ConversationContext | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    const now = this.#now();
    this.#entries.delete(id);
    if (now - entry.touched > this.#idleMs) return undefined;
    entry.touched = now;
    this.#entries.set(id, entry);
    return entry.context;
  }

  set(id: string | undefined, context: ConversationContext): string {
    const now = this.#now();
    const key = id ?? randomUUID();
    this.#entries.delete(key);
    this.#entries.set(key, { context, touched: now });
    this.#sweep(now);
    return key;
  }

  #sweep(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && now - entry.touched <= this.#idleMs) break;
      this.#entries.delete(key);
    }
  }
}

export interface TokenStoreOptions {
  /** The HMAC key (32+ characters); null or omitted: a random key for this process only. */
  secret?: string | null;
  /** How long a token stays valid after it was issued. Default 30 minutes (as the idle expiry before). */
  ttlMs?: number;
  /** Longest token issued or accepted, in characters. Default 4096 (the API's conversationId limit). */
  maxLength?: number;
  /** Clock, for tests. */
  now?: () => number;
}

const TOKEN_VERSION = 'c1';
/** How many distinct tokens of the current second are remembered. */
const ISSUED_TOKENS_KEPT = 1000;

/**
 * Conversation ids that carry the conversation: `c1.<payload>.<signature>`, where the payload is
 * base64url JSON `{c: context, exp: unix seconds}` and the signature is HMAC-SHA256 over
 * `c1.<payload>`. Signed, not encrypted: the context holds what the client's own questions
 * said (stemmed topic words, countries, an entity name, a document id), nothing else.
 *
 * `get` returns undefined for anything that is not a valid, unexpired token signed with this key
 * (the route then starts a fresh conversation, as for an unknown id). `set` ignores the old id:
 * every answer issues a fresh token, so the expiry counts from the last question. The context is
 * sanitized on the way in and out, and trimmed (topic words first) if the token would exceed
 * `maxLength`.
 */
export class TokenConversationStore implements ConversationStore {
  readonly #key: Buffer;
  readonly #ttlMs: number;
  readonly #maxLength: number;
  readonly #now: () => number;
  /** True when no secret was given: tokens only work with this process. */
  readonly ephemeral: boolean;

  constructor(options: TokenStoreOptions = {}) {
    this.ephemeral = !options.secret;
    this.#key = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#maxLength = options.maxLength ?? 4096;
    this.#now = options.now ?? Date.now;
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }

  get(id: string): ConversationContext | undefined {
    if (id.length > this.#maxLength) return undefined;
    const parts = id.split('.');
    if (parts.length !== 3 || parts[0] !== TOKEN_VERSION) return undefined;
    const body = `${parts[0]}.${parts[1]}`;
    const given = Buffer.from(parts[2]!, 'base64url');
    const expected = Buffer.from(this.#sign(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!payload || typeof payload !== 'object') return undefined;
    const { c, exp } = payload as { c?: unknown; exp?: unknown };
    if (typeof exp !== 'number' || exp * 1000 <= this.#now()) return undefined;
    return sanitizeContext(c) ?? undefined;
  }

  /**
   * Tokens issued within the current second, by payload: a token is a pure function of the
   * context and the expiry second, and popular first questions end in the same context, so the
   * HMAC (most of what issuing costs) is computed once per second for each.
   */
  readonly #issued = new Map<string, string>();
  #issuedExp = 0;
  /**
   * The same for frozen contexts, by identity: the contexts the answer cache hands out are frozen
   * all the way down and cannot change, and it hands out one such context per remembered answer
   * that opens a conversation (answer/answerer.ts), so the commonest token costs a WeakMap
   * look-up, not a serialisation.
   */
  readonly #issuedFor = new WeakMap<ConversationContext, { exp: number; token: string }>();

  set(_id: string | undefined, context: ConversationContext): string {
    const exp = Math.floor((this.#now() + this.#ttlMs) / 1000);
    const frozen = Object.isFrozen(context);
    if (frozen) {
      const known = this.#issuedFor.get(context);
      if (known?.exp === exp) return known.token;
    }
    if (exp !== this.#issuedExp) {
      this.#issued.clear();
      this.#issuedExp = exp;
    }
    // Keyed by the context as given: the token is a pure function of it (sanitising included).
    const given = JSON.stringify(context);
    let token = this.#issued.get(given);
    if (token === undefined) {
      token = this.#issue(context, exp);
      if (this.#issued.size < ISSUED_TOKENS_KEPT && given.length <= this.#maxLength) this.#issued.set(given, token);
    }
    if (frozen) this.#issuedFor.set(context, { exp, token });
    return token;
  }

  #issue(context: ConversationContext, exp: number): string {
    const c = sanitizeContext(context) ?? sanitizeContext({})!;
    const encode = () => {
      const body = `${TOKEN_VERSION}.${Buffer.from(JSON.stringify({ c, exp }), 'utf8').toString('base64url')}`;
      return `${body}.${this.#sign(body)}`;
    };
    let token = encode();
    // Within the size cap whatever the context holds: the least important parts go first.
    while (token.length > this.#maxLength && c.topic.length > 0) {
      c.topic.pop();
      token = encode();
    }
    if (token.length > this.#maxLength) {
      c.entity = null;
      c.documentId = null;
      token = encode();
    }
    return token;
  }
}
