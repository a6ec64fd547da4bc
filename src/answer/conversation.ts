/**
 * Conversation context: what a follow-up ("What about the USA?", "And Nimbus?", "What is their
 * address?") needs from the turn before. Plain JSON, small, so it can live on a socket or travel
 * in a signed token between replicas.
 */
import type { Intent } from './question.ts';

export interface ConversationContext {
  /** Turns answered so far in this conversation. */
  turns: number;
  /** The document the last answer came from. */
  documentId: string | null;
  /** The intents the last question carried (after resolution). */
  intents: Intent[];
  /** Countries the last question was about (ISO alpha-2). */
  countries: string[];
  /** The entity the last answer was about: its name as the policy writes it. */
  entity: string | null;
  /** The last question's topic terms (stemmed), for a follow-up that brings only a new argument. */
  topic: string[];
  /** Whether the last question was a yes/no question. */
  yesNo: boolean;
}

export const emptyContext = (): ConversationContext => ({
  turns: 0,
  documentId: null,
  intents: [],
  countries: [],
  entity: null,
  topic: [],
  yesNo: false,
});

/** Caps that keep a context small whatever a client sends. */
export const CONTEXT_LIMITS = { intents: 12, countries: 8, topic: 24, entityLength: 200 } as const;

/** A context read from outside (a token, a store) with every field checked and capped. */
export function sanitizeContext(value: unknown): ConversationContext | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const strings = (x: unknown, max: number) =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string' && s.length <= 64).slice(0, max) : [];
  return {
    turns: typeof v.turns === 'number' && Number.isFinite(v.turns) ? Math.max(0, Math.floor(v.turns)) : 0,
    documentId: typeof v.documentId === 'string' && v.documentId.length <= 200 ? v.documentId : null,
    intents: strings(v.intents, CONTEXT_LIMITS.intents) as Intent[],
    countries: strings(v.countries, CONTEXT_LIMITS.countries),
    entity: typeof v.entity === 'string' ? v.entity.slice(0, CONTEXT_LIMITS.entityLength) : null,
    topic: strings(v.topic, CONTEXT_LIMITS.topic),
    yesNo: v.yesNo === true,
  };
}
