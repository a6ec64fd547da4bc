/**
 * `GET /v1/documents/:id/facts`: the document's policy model (src/answer/model/types.ts) as the
 * wire sees it. Every fact has `span` (offsets into the document text that `GET /v1/documents/:id`
 * returns) and `excerpt`, the verbatim `text.slice(span.start, span.end)`.
 */
import { z } from 'zod';

export const FactSpanSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  clauseId: z.string(),
  excerpt: z.string().describe('Verbatim text.slice(start, end)'),
});

const fact = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, span: FactSpanSchema });

export const PartySchema = fact({
  role: z.enum(['controller', 'operator', 'processor', 'group']),
  name: z.string(),
  aliases: z.array(z.string()),
  address: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  country: z.string().nullable().describe('ISO 3166-1 alpha-2'),
  service: z.string().nullable(),
});

export const FactsResponse = z.object({
  documentId: z.string(),
  identities: z.array(z.object({ name: z.string(), kind: z.enum(['title', 'party', 'brand', 'domain']) })),
  parties: z.array(PartySchema),
  contacts: z.array(fact({
    kind: z.enum(['privacy', 'dpo', 'security', 'general']),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
  })),
  transfers: z.array(fact({
    countries: z.array(z.string()),
    regions: z.array(z.string()),
    bases: z.array(z.string()),
    general: z.boolean().describe('A rule for other or all countries'),
    conditional: z.boolean(),
    negated: z.boolean(),
  })),
  retention: z.array(fact({ period: z.string() })),
  rights: z.array(fact({
    right: z.enum(['access', 'rectification', 'erasure', 'portability', 'objection', 'restriction', 'withdrawConsent', 'complaint']),
  })),
  disclosures: z.array(fact({ kind: z.enum(['sell', 'share', 'serviceProviders', 'lawEnforcement']), negated: z.boolean() })),
  children: z.array(fact({ minimumAge: z.number().int().nullable() })),
  tracking: z.array(fact({ kind: z.enum(['cookies', 'tracking', 'doNotTrack']), negated: z.boolean() })),
  security: z.array(fact({})),
});
export type FactsResponse = z.infer<typeof FactsResponse>;
