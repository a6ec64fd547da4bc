/**
 * Facts read sentence by sentence: contacts, transfer rules, retention periods, rights,
 * disclosures, children, cookies and tracking, security measures. Each extractor is a pure
 * function of the passages; the cue words are vocabulary (policy-model.json, cues.json).
 */
import { findCountries, findRegions } from '../countries.ts';
import { blockOf, isLineBlock, spanOf, type Passage } from './passages.ts';
import type { ChildrenFact, Contact, ContactKind, DisclosureFact, FactSpan, RetentionFact, RightFact, SecurityFact, TrackingFact, TransferRule } from './types.ts';
import { ORGANISATION, AGE, CHILDREN, CONDITION, GENERAL_DESTINATION, TRANSFER, TRANSFER_BASES, DISCLOSURES, DPO, DURATION, EMAIL, NEGATION, PHONE, PRIVACY_CONTACT, RETENTION, RIGHTS, RIGHTS_CONTEXT, SECURITY, SECURITY_CONTACT, TRACKING } from './vocabulary.ts';

function all(re: RegExp, s: string): string[] {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  return [...s.matchAll(g)].map((m) => m[0]);
}

function contactKind(p: Passage, email: string | null, before: string): ContactKind {
  const local = email?.split('@')[0]?.toLowerCase() ?? '';
  if (local === 'dpo' || DPO.test(p.text) || DPO.test(before) || DPO.test(p.headingPath)) return 'dpo';
  if (local === 'security' || SECURITY_CONTACT.test(p.text)) return 'security';
  if (local.includes('privacy') || local.includes('datenschutz') || PRIVACY_CONTACT.test(p.text) || /privacy|contact/i.test(p.headingPath)) return 'privacy';
  return 'general';
}

/** E-mail addresses, phone numbers and postal address blocks, each with the sentence or block that gives it. */
export function extractContacts(text: string, passages: Passage[]): Contact[] {
  const out: Contact[] = [];
  const seen = new Set<string>();
  for (const p of passages) {
    const before = passages[p.ordinal - 1]?.clauseOrdinal === p.clauseOrdinal ? passages[p.ordinal - 1]!.text : '';
    for (const email of p.text.includes('@') ? all(EMAIL, p.text) : []) {
      const kind = contactKind(p, email, before);
      const key = `${kind}|${email.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind, email, phone: null, address: null, span: spanOf(p) });
    }
    for (const phone of /\d{3}/.test(p.text) ? all(PHONE, p.text) : []) {
      const number = phone.replace(/^\D+/, '');
      const key = `phone|${number}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: contactKind(p, null, before), email: null, phone: number, address: null, span: spanOf(p) });
    }
    // A postal address block: several short lines, with a number or a country, under a contact heading or after "address:".
    if (p.blockStart && isLineBlock(text, p)) {
      const block = blockOf(passages, p);
      const body = text.slice(p.block.start, p.block.end);
      const lines = body.split('\n').map((l) => l.replace(/[*_`]/g, '').trim()).filter((l) => l && !/@|https?:/.test(l) && !/^(contact|e-?mail|phone|tel|for)\b/i.test(l) && !/:$/.test(l));
      const postal = lines.length >= 2 && (lines.some((l) => /\d/.test(l)) || findCountries(body).length > 0);
      if (!postal) continue;
      const key = `address|${lines.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: contactKind(p, null, before), email: null, phone: null, address: lines.join(', '), span: spanOf(block[0]!, block.at(-1)!) });
    }
  }
  return out;
}

export function extractTransfers(text: string, passages: Passage[]): TransferRule[] {
  const out: TransferRule[] = [];
  for (const p of passages) {
    // Company names ("Acme International GmbH") are not transfer words.
    const words = p.text.replace(new RegExp(ORGANISATION.source, 'g'), ' ');
    const cue = TRANSFER.test(words);
    const inSection = TRANSFER.test(p.headingPath);
    if (!cue && !inSection) continue;
    const countries = [...new Set(findCountries(text, { from: p.start, to: p.end }).map((m) => m.code))];
    const regions = findRegions(p.text);
    const bases = TRANSFER_BASES.filter((b) => b.re.test(p.text)).map((b) => b.label);
    const general = GENERAL_DESTINATION.test(words);
    if (!countries.length && !regions.length && !bases.length && !general) continue;
    // A transfer rule speaks of moving data or its protection, not only of where a company sits.
    if (!cue && !bases.length) continue;
    // An address in a list of offices names a country; it states no rule about sending data there.
    if (p.kind !== 'paragraph' && !bases.length) continue;
    out.push({
      countries,
      regions,
      bases,
      general,
      conditional: CONDITION.test(p.text),
      negated: NEGATION.test(p.text) && !/\b(unless|only|except)\b/i.test(p.text),
      span: spanOf(p),
    });
  }
  return out;
}

export function extractRetention(passages: Passage[]): RetentionFact[] {
  const out: RetentionFact[] = [];
  for (const p of passages) {
    const period = DURATION.exec(p.text);
    if (!period) continue;
    if (!RETENTION.test(p.text) && !RETENTION.test(p.headingPath)) continue;
    out.push({ period: period[0].replace(/\s+/g, ' ').trim(), span: spanOf(p) });
  }
  return out;
}

export function extractRights(passages: Passage[]): RightFact[] {
  const out: RightFact[] = [];
  for (const p of passages) {
    if (!RIGHTS_CONTEXT.test(p.text) && !/\bright/i.test(p.headingPath)) continue;
    for (const { right, re } of RIGHTS) if (re.test(p.text)) out.push({ right, span: spanOf(p) });
  }
  return out;
}

/** Every passage that names one of the kinds, per kind, and whether it denies it ("we do not sell"). */
function kindStatements<K>(passages: Passage[], kinds: ReadonlyArray<{ kind: K; re: RegExp }>): Array<{ kind: K; negated: boolean; span: FactSpan }> {
  const out: Array<{ kind: K; negated: boolean; span: FactSpan }> = [];
  for (const p of passages) {
    for (const { kind, re } of kinds) if (re.test(p.text)) out.push({ kind, negated: NEGATION.test(p.text), span: spanOf(p) });
  }
  return out;
}

export function extractDisclosures(passages: Passage[]): DisclosureFact[] {
  return kindStatements(passages, DISCLOSURES);
}

export function extractChildren(passages: Passage[]): ChildrenFact[] {
  const out: ChildrenFact[] = [];
  for (const p of passages) {
    if (!CHILDREN.test(p.text) && !CHILDREN.test(p.headingPath)) continue;
    const age = AGE.exec(p.text);
    const n = age ? Number(age[1] ?? age[2]) : null;
    // An age belongs to a children statement only when it is a plausible minimum age.
    const minimumAge = n !== null && n >= 8 && n <= 21 ? n : null;
    if (minimumAge === null && !CHILDREN.test(p.text)) continue;
    out.push({ minimumAge, span: spanOf(p) });
  }
  return out;
}

export function extractTracking(passages: Passage[]): TrackingFact[] {
  return kindStatements(passages, TRACKING);
}

export function extractSecurity(passages: Passage[]): SecurityFact[] {
  return passages.filter((p) => SECURITY.test(p.text)).map((p) => ({ span: spanOf(p) }));
}
