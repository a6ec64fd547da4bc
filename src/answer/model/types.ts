/**
 * The policy model: what a privacy policy states, read once per document when the corpus is
 * indexed (see build.ts) and kept in the index snapshot. Plain JSON. Every fact carries the span
 * of the sentence (or address block, list item, table row) it was read from, as offsets into the
 * document text, so an answer can cite it verbatim: `text.slice(span.start, span.end)`.
 */

export interface FactSpan {
  start: number;
  end: number;
  /** Id of the clause the span lies in. */
  clauseId: string;
}

export type PartyRole = 'controller' | 'operator' | 'processor' | 'group';

export interface Party {
  role: PartyRole;
  /** The legal entity (or trading) name as the policy writes it. */
  name: string;
  /** Other names the policy gives the same party ("Acme" for "Acme Cloud Ltd"). */
  aliases: string[];
  /** The postal address as one line, when the policy gives one. */
  address: string | null;
  email: string | null;
  phone: string | null;
  /** ISO 3166 alpha-2 country code, when the address or sentence names a country. */
  country: string | null;
  /** What the party does, for processors ("payment processing"). */
  service: string | null;
  span: FactSpan;
}

export type ContactKind = 'privacy' | 'dpo' | 'security' | 'general';

export interface Contact {
  kind: ContactKind;
  email: string | null;
  phone: string | null;
  /** A postal address block as one line. */
  address: string | null;
  span: FactSpan;
}

export interface TransferRule {
  /** ISO alpha-2 codes of the countries the sentence names. */
  countries: string[];
  /** Regions the sentence names (ids of regions.json: `eu`, `eea`, …). */
  regions: string[];
  /** Legal bases named (labels of transfer-bases.json). */
  bases: string[];
  /** True for a rule about other or all countries ("outside the EEA", "third countries", "abroad"). */
  general: boolean;
  /** True when the sentence states conditions ("only if", "unless"). */
  conditional: boolean;
  /** True when the sentence says data is not transferred. */
  negated: boolean;
  span: FactSpan;
}

export interface RetentionFact {
  /** The period as written ("30 days", "two years", "as long as your account is active"). */
  period: string;
  span: FactSpan;
}

export type RightKind =
  | 'access'
  | 'rectification'
  | 'erasure'
  | 'portability'
  | 'objection'
  | 'restriction'
  | 'withdrawConsent'
  | 'complaint';

export interface RightFact {
  right: RightKind;
  span: FactSpan;
}

export type DisclosureKind = 'sell' | 'share' | 'serviceProviders' | 'lawEnforcement';

export interface DisclosureFact {
  kind: DisclosureKind;
  /** The sentence denies it ("we do not sell"). */
  negated: boolean;
  span: FactSpan;
}

export interface ChildrenFact {
  /** The age under which the policy does not knowingly collect data or needs a parent's consent. */
  minimumAge: number | null;
  span: FactSpan;
}

export type TrackingKind = 'cookies' | 'tracking' | 'doNotTrack';

export interface TrackingFact {
  kind: TrackingKind;
  negated: boolean;
  span: FactSpan;
}

export interface SecurityFact {
  span: FactSpan;
}

/** A name the document goes by (its title, a party, a brand, a web domain), for routing questions. */
export interface Identity {
  name: string;
  kind: 'title' | 'party' | 'brand' | 'domain';
}

export interface PolicyModel {
  documentId: string;
  identities: Identity[];
  /**
   * Terms of the names the document goes by (its identities but its title): what a question is
   * about, not what it asks ("How long does Acme keep …"). Derived from `identities` once here,
   * rather than for every question.
   */
  nameTerms: string[];
  /**
   * The names (`compact`ed) of the parties that run the service or decide over the data (the
   * controller and the operator, with their aliases): naming one routes a question to this
   * policy rather than asking about that company. Derived from `parties` once here.
   */
  ownNames: string[];
  parties: Party[];
  contacts: Contact[];
  transfers: TransferRule[];
  retention: RetentionFact[];
  rights: RightFact[];
  disclosures: DisclosureFact[];
  children: ChildrenFact[];
  tracking: TrackingFact[];
  security: SecurityFact[];
}

/** The kinds of fact a question can ask for (see facts-asked.ts). */
export type FactKind = 'controller' | 'dpo' | 'contact' | 'processors' | 'group' | 'minimumAge' | 'retention' | 'doNotTrack';
