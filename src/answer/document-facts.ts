/**
 * Facts about a document that answers reuse across questions — entity records and the
 * countries each sentence mentions — computed once per document analysis.
 */
import type { DocumentAnalysis, Unit } from './document-analysis.ts';
import { findCountries, findRegions, type CountryMention } from './countries.ts';
import { buildEntityDirectory, type EntityDirectory } from './entities.ts';

export interface DocumentFacts {
  entities: EntityDirectory;
  /** Country mentions per unit ordinal (offsets into the document text). */
  unitCountries: CountryMention[][];
  /** Heading path text per clause ordinal, lower-cased, for cue tests. */
  clauseHeadings: string[];
  /** Regions each clause's heading path names (`findRegions` of `clauseHeadings`), by clause ordinal. */
  clauseRegions: string[][];
  /** Clause ordinals whose headings speak of transfers ("International transfers"). */
  transferClauses: ReadonlySet<number>;
  /** The sentences about transfers, in order: transfer cue words, or under a transfer heading. */
  transferUnits: readonly Unit[];
  /** Terms of the towns of listed offices: arguments of a question, like countries. */
  placeTerms: ReadonlySet<string>;
  /** Units inside text the linter found off-topic (marketing pasted into a policy): not evidence. */
  offTopicUnits: ReadonlySet<number>;
  /** Ordinals of the sentences that name an entity with its address in running text. */
  inlineAddressUnits: ReadonlySet<number>;
  /** Clause ordinals holding a way to reach someone: an address block, an e-mail address, a phone number. */
  contactClauses: ReadonlySet<number>;
  /**
   * Ordinals of the sentences that are or introduce a postal address: an address block's lines,
   * a sentence ending in a colon before one ("Write to us at:"), an entity named with its address.
   */
  postalUnits: ReadonlySet<number>;
}

import { featuresOf } from './unit-features.ts';
import { hasCue } from './cues.ts';
import { tokenize } from '../text/analyze.ts';

const cache = new WeakMap<DocumentAnalysis, DocumentFacts>();

export function documentFacts(analysis: DocumentAnalysis): DocumentFacts {
  let facts = cache.get(analysis);
  if (!facts) {
    const text = analysis.document.text;
    const entities = buildEntityDirectory(analysis);
    const inlineAddressUnits = new Set(entities.records.filter((r) => r.unit.kind === 'paragraph').map((r) => r.unit.ordinal));
    const contactClauses = new Set<number>();
    for (const u of analysis.units) {
      if (u.kind === 'lines' || inlineAddressUnits.has(u.ordinal)) contactClauses.add(u.clauseOrdinal);
      else {
        const f = featuresOf(analysis, u);
        if (f.email || f.phone) contactClauses.add(u.clauseOrdinal);
      }
    }
    const offTopic = analysis.document.warnings.filter((w) => w.code === 'off_topic_text' && w.start !== undefined && w.end !== undefined);
    const offTopicUnits = new Set(
      analysis.units.filter((u) => offTopic.some((w) => u.start >= w.start! && u.end <= w.end!)).map((u) => u.ordinal),
    );
    const postalUnits = new Set<number>();
    for (const u of analysis.units) {
      const next = analysis.units[u.ordinal + 1];
      const leadsToAddress = /:\s*$/.test(text.slice(u.start, u.end)) && next?.clauseOrdinal === u.clauseOrdinal && next.kind === 'lines';
      if (u.kind === 'lines' || leadsToAddress || inlineAddressUnits.has(u.ordinal)) postalUnits.add(u.ordinal);
    }
    const placeTerms = new Set<string>();
    for (const word of entities.places.keys()) for (const t of tokenize(word)) if (t.term) placeTerms.add(t.term);
    const clauseHeadings = analysis.clauses.map((c) => c.headingPath.toLowerCase());
    const transferClauses = new Set(analysis.clauses.filter((c) => hasCue('transfer', c.headingPath)).map((c) => c.ordinal));
    facts = {
      placeTerms,
      offTopicUnits,
      contactClauses,
      postalUnits,
      entities,
      inlineAddressUnits,
      unitCountries: analysis.units.map((u) => findCountries(text, { tokens: u.tokens })),
      clauseHeadings,
      clauseRegions: clauseHeadings.map((h) => findRegions(h)),
      transferClauses,
      transferUnits: analysis.units.filter((u) => featuresOf(analysis, u).transferCues > 0 || transferClauses.has(u.clauseOrdinal)),
    };
    cache.set(analysis, facts);
  }
  return facts;
}
