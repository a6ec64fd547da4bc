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
import { LRUCache } from 'lru-cache';
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

/** Bounded LRU map with idle expiry (lru-cache: the age counts from the last get or set). */
export class MemoryConversationStore implements ConversationStore {
  readonly #entries: LRUCache<string, ConversationContext>;

  constructor(options: MemoryStoreOptions = {}) {
    const now = options.now ?? Date.now;
    this.#entries = new LRUCache<string, ConversationContext>({
      max: options.maxEntries ?? 10_000,
      ttl: options.idleMs ?? 30 * 60_000,
      updateAgeOnGet: true,
      // Our clock (tests), read on every check: lru-cache's own is coarser and cached.
      perf: { now },
      ttlResolution: 0,
    });
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): ConversationContext | undefined {
    return this.#entries.get(id);
  }

  set(id: string | undefined, context: ConversationContext): string {
    const key = id ?? randomUUID();
    this.#entries.set(key, context);
    return key;
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
  readonly #secret: Buffer;
  readonly #ttlMs: number;
  readonly #maxLength: number;
  readonly #now: () => number;
  /** True when no secret was given: tokens only work with this process. */
  readonly ephemeral: boolean;

  constructor(options: TokenStoreOptions = {}) {
    this.ephemeral = !options.secret;
    this.#secret = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#maxLength = options.maxLength ?? 4096;
    this.#now = options.now ?? Date.now;
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#secret).update(body, 'utf8').digest('base64url');
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

  set(_id: string | undefined, context: ConversationContext): string {
    return this.#issue(context, Math.floor((this.#now() + this.#ttlMs) / 1000));
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
