/**
 * Parties a policy names: the controller ("X is the data controller", a "Data controller"
 * heading over an address block), the operator when no controller is named ("X is a service
 * provided by Y", "'We' refers to Y", or the organisation the policy names most), group
 * companies (lists under "the following entities belong to the group", "its subsidiary: …")
 * and processors (list items and table rows under a processors heading, "shared with X").
 */
import type { PolicyDocument } from '../../corpus/types.ts';
import { findCountries } from '../countries.ts';
import { blockOf, isLineBlock, spanOf, type Passage } from './passages.ts';
import type { Party, PartyRole } from './types.ts';
import { CONTROLLER, EMAIL, GROUP, HAS_LEGAL_FORM, OPERATOR, ORGANISATION, PHONE, PROCESSOR } from './vocabulary.ts';

/** Leading words that open a sentence rather than belong to a name. */
const LEADING = /^(?:(?:The|Our|Your|Its|This|That|These|At|By|With|Where|When|If|For|From|And|Or|To|In|On|Of|Both|Each|Any)\s+)+/u;

export function cleanName(raw: string): string {
  return raw
    .replace(/[*_`[\]]/g, '')
    .replace(LEADING, '')
    .replace(/[\s,;:]+$/u, '')
    .trim();
}

/** A name's letters and digits only, lower-cased: `Acme’s Cloud` → `acmescloud`. */
export function compact(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The name without its legal form: `Example Cloud Ltd.` → `Example Cloud`. */
export function bareName(name: string): string {
  let out = name;
  for (let i = 0; i < 3; i++) {
    const m = HAS_LEGAL_FORM.exec(out);
    if (!m) break;
    out = out.slice(0, m.index).replace(/[\s,]+$/u, '');
  }
  return out || name;
}

interface Mention {
  name: string;
  start: number;
  passage: Passage;
}

const organisationCache = new WeakMap<Passage, Mention[]>();

function organisationsIn(p: Passage): Mention[] {
  const cached = organisationCache.get(p);
  if (cached) return cached;
  const out: Mention[] = [];
  organisationCache.set(p, out);
  ORGANISATION.lastIndex = 0;
  for (const m of p.text.matchAll(ORGANISATION)) {
    const name = cleanName(m[1]!);
    // A name is two words at least, or one word with a legal form ("Twilio" alone is a brand, caught elsewhere).
    if (name.length < 3 || !/\p{Lu}/u.test(name)) continue;
    if (!HAS_LEGAL_FORM.test(name) && name.split(/\s+/).length < 2) continue;
    // "a California Nonprofit Public Benefit Corporation" describes a party; it does not name one.
    const at = (m.index ?? 0) + m[0].indexOf(name);
    const before = p.text.slice(Math.max(0, at - 40), at);
    if (/\b(?:an?|any|some|another|each)\s+(?:[\p{L}()-]+\s+){0,3}$/iu.test(before) && !/\b(?:of|by|to|with|from|for|as)\s+$/i.test(before)) continue;
    out.push({ name, start: p.start + (m.index ?? 0) + m[0].indexOf(name), passage: p });
  }
  return out;
}

function countryOf(text: string, from: number, to: number): string | null {
  return findCountries(text, { from, to }).at(-1)?.code ?? null;
}

/** Whether a name is a country and nothing else ("Finland", "the United States"). */
function isCountryName(name: string): boolean {
  const found = findCountries(name);
  return found.length > 0 && found[0]!.start <= 4 && found.at(-1)!.end === name.length;
}

function firstMatch(re: RegExp, s: string): string | null {
  re.lastIndex = 0;
  const m = re.exec(s);
  re.lastIndex = 0;
  return m ? m[0] : null;
}

/** Lines of an address block after its name: postal lines, without the contact and link lines. */
function addressLines(lines: string[]): string[] {
  return lines.filter((l) => !/@|https?:|^\s*(contact|e-?mail|phone|tel|fax|for\b|see\b|website|(?:postal |mailing )?address\b)/i.test(l) && !/:\s*$/.test(l));
}

function looksLikeAddress(lines: string[], text: string, from: number, to: number): boolean {
  return lines.length >= 1 && (lines.some((l) => /\d/.test(l)) || findCountries(text, { from, to }).length > 0);
}

/** The subject of "X is the controller" / "X acts as a data controller": the capitalised words just before the verb. */
const SUBJECT_BEFORE = /((?:\p{Lu}[\p{L}\p{N}&'’.-]*\s+){0,4}\p{Lu}[\p{L}\p{N}&'’.-]*)\s+(?:is|are|acts? as|will be|remains|serves as)\s+(?:[Tt]he|[Aa]n?|[Oo]ur|[Yy]our)?\s*(?:[Jj]oint\s+)?(?:[Dd]ata\s+)?[Cc]ontroller/u;

export function extractParties(document: PolicyDocument, passages: Passage[]): Party[] {
  const text = document.text;
  const parties: Party[] = [];
  const mentions = passages.flatMap(organisationsIn);
  const legalEntities = mentions.filter((m) => HAS_LEGAL_FORM.test(m.name));

  const add = (role: PartyRole, name: string, first: Passage, last: Passage, extra: Partial<Party> = {}) => {
    name = cleanName(name);
    if (!name || name.length > 90) return;
    const existing = parties.find((p) => p.role === role && compact(p.name) === compact(name));
    if (existing) {
      existing.address ??= extra.address ?? null;
      existing.email ??= extra.email ?? null;
      existing.phone ??= extra.phone ?? null;
      existing.country ??= extra.country ?? null;
      return;
    }
    parties.push({
      role,
      name,
      aliases: extra.aliases ?? [],
      address: extra.address ?? null,
      email: extra.email ?? null,
      phone: extra.phone ?? null,
      country: extra.country ?? countryOf(text, first.start, last.end),
      service: extra.service ?? null,
      span: spanOf(first, last),
    });
  };

  /** A brand name's legal entity: "X, a trading name of Y", "Y (trading as X)", or an entity whose name contains X. */
  const legalEntityOf = (brand: string): string | null => {
    if (HAS_LEGAL_FORM.test(brand)) return brand;
    const key = compact(brand);
    for (const p of passages) {
      if (!/trading (?:name|as)|doing business as|d\/b\/a/i.test(p.text) || !compact(p.text).includes(key)) continue;
      const entity = organisationsIn(p).find((m) => HAS_LEGAL_FORM.test(m.name) && compact(m.name) !== key);
      if (entity) return entity.name;
    }
    const containing = legalEntities.find((m) => compact(m.name).startsWith(key));
    return containing?.name ?? null;
  };

  /** Contact details that follow a party's sentence in its clause: an address block, an e-mail, a phone. */
  const detailsAfter = (p: Passage): Partial<Party> & { last: Passage } => {
    const block = blockOf(passages, p);
    let last = block.at(-1)!;
    const out: Partial<Party> & { last: Passage } = { last };
    // The rest of the sentence's own paragraph: "Acme Inc. is responsible for your data. Write to privacy@acme.example."
    for (const q of block.slice(block.indexOf(p))) {
      out.email ??= firstMatch(EMAIL, q.text) ?? undefined;
      out.phone ??= firstMatch(PHONE, q.text) ?? undefined;
    }
    for (let i = last.ordinal + 1; i < passages.length && i <= last.ordinal + 8; i++) {
      const q = passages[i]!;
      if (q.clauseOrdinal !== p.clauseOrdinal) break;
      const email = firstMatch(EMAIL, q.text);
      const phone = firstMatch(PHONE, q.text);
      if (email) out.email ??= email;
      if (phone) out.phone ??= phone;
      // "Postal address: Acme Ltd 4 Harbour Road …" run together on one line.
      const labelled = /^(?:postal |mailing |registered )?address:\s*(\S.{5,200})$/isu.exec(q.text.trim());
      if (labelled && !isLineBlock(text, q) && !out.address && /\d/.test(labelled[1]!)) {
        out.address = labelled[1]!.replace(/\s*\n\s*/g, ', ').replace(/[.\s]+$/u, '');
        out.country = countryOf(text, q.start, q.end);
        out.last = q;
        continue;
      }
      if (isLineBlock(text, q) && !out.address) {
        const lines = text.slice(q.block.start, q.block.end).split('\n').map((l) => cleanName(l)).filter(Boolean);
        const postal = addressLines(lines).filter((l) => !/:$/.test(l));
        if (looksLikeAddress(postal, text, q.block.start, q.block.end)) {
          out.address = postal.join(', ');
          out.country = countryOf(text, q.block.start, q.block.end);
        }
      }
      if (email || phone || isLineBlock(text, q) || /:\s*$/.test(q.text)) out.last = q;
      else break;
    }
    return out;
  };

  // 1. A controller heading over an address block (or a first line naming the company).
  for (const p of passages) {
    if (!p.blockStart || !CONTROLLER.test(p.headingPath) || PROCESSOR.test(p.headingPath)) continue;
    const first = passages.find((q) => q.clauseOrdinal === p.clauseOrdinal);
    if (first !== p) continue;
    const block = blockOf(passages, p);
    const lines = text.slice(p.block.start, p.block.end).split('\n').map((l) => cleanName(l)).filter(Boolean);
    const name = lines[0] ?? '';
    if (block[0]!.kind !== 'lines' && organisationsIn(p).length === 0) continue;
    const entity = block[0]!.kind === 'lines' ? name : organisationsIn(p)[0]!.name;
    const postal = addressLines(lines.slice(1));
    const details = detailsAfter(block.at(-1)!);
    add('controller', entity, block[0]!, details.last, {
      address: postal.length ? postal.join(', ') : (details.address ?? null),
      email: firstMatch(EMAIL, text.slice(p.block.start, p.block.end)) ?? details.email ?? null,
      phone: firstMatch(PHONE, text.slice(p.block.start, p.block.end)) ?? details.phone ?? null,
      country: countryOf(text, p.block.start, p.block.end),
    });
  }

  // 2. "X is the (data) controller", "the controller is X".
  for (const p of passages) {
    if (!CONTROLLER.test(p.text) || /\bprocessor\b/i.test(p.text.replace(CONTROLLER, ''))) continue;
    if (/\b(if|when|where)\b[^,]*\bcontroller/i.test(p.text) && !SUBJECT_BEFORE.test(p.text)) continue;
    const subject = SUBJECT_BEFORE.exec(p.text);
    let name = subject ? cleanName(subject[1]!) : null;
    if (name && /^(We|Us|It|They|He|She|You)$/i.test(name)) name = null;
    // "Acme Oy, Street 12, 00100 Town / Finland is the controller": the words before the verb end
    // an address; a country names no party, so the legal entity named in the sentence is it.
    if (name && isCountryName(name)) name = null;
    const inSentence = organisationsIn(p).find((m) => HAS_LEGAL_FORM.test(m.name));
    const brand = name ?? inSentence?.name ?? null;
    if (!brand) continue;
    const legal = legalEntityOf(brand) ?? brand;
    const details = detailsAfter(p);
    // "… is Acme GmbH, Seestrasse 5, 6300 Zug / Switzerland (…)": the address right after the name.
    if (inSentence && !details.address) {
      const after = p.text.slice(inSentence.start - p.start + inSentence.name.length);
      const inline = /^\s*,\s*([^()"“]{6,160}?)\s*(?:\(|["“]|,?\s+(?:is|are|acts?|will|has|remains)\b|\.\s*$|$)/u.exec(after);
      if (inline && /\d/.test(inline[1]!)) details.address = inline[1]!.replace(/[.,\s]+$/u, '');
    }
    const aliases = compact(legal) !== compact(brand) ? [brand] : [];
    add('controller', legal, p, details.last, { aliases, address: details.address ?? null, email: details.email ?? null, phone: details.phone ?? null, country: details.country ?? null });
    const added = parties.find((x) => x.role === 'controller' && compact(x.name) === compact(legal));
    if (added) for (const a of aliases) if (!added.aliases.includes(a)) added.aliases.push(a);
  }

  // Group companies named in a sentence: "its French subsidiary: X SARL".
  for (const p of passages) {
    if (!/\bsubsidiar(?:y|ies)\b|\baffiliates?\b/i.test(p.text)) continue;
    for (const m of organisationsIn(p)) {
      if (!HAS_LEGAL_FORM.test(m.name) || parties.some((x) => compact(x.name) === compact(m.name))) continue;
      // The country of the listing segment the name sits in ("its French subsidiary: X SARL").
      const from = Math.max(p.start, text.lastIndexOf(',', m.start) + 1);
      const to = text.indexOf(',', m.start + m.name.length);
      add('group', m.name, p, p, { country: countryOf(text, from, to < 0 || to > p.end ? p.end : to) });
    }
  }

  // 3. Operators: "X is a service provided by Y", "'We' refers to Y", "Y has created this policy".
  for (const p of passages) {
    if (!OPERATOR.test(p.text)) continue;
    for (const m of organisationsIn(p)) {
      if (parties.some((x) => compact(x.name) === compact(m.name) || x.aliases.some((a) => compact(a) === compact(m.name)))) continue;
      add('operator', m.name, p, p);
    }
  }
  // Without any, the organisation the policy names most often runs it.
  if (!parties.some((x) => x.role === 'controller' || x.role === 'operator') && mentions.length > 0) {
    const counts = new Map<string, Mention[]>();
    for (const m of mentions) counts.set(compact(m.name), [...(counts.get(compact(m.name)) ?? []), m]);
    const top = [...counts.values()].sort((a, b) => b.length - a.length || a[0]!.start - b[0]!.start)[0]!;
    add('operator', top[0]!.name, top[0]!.passage, top[0]!.passage);
  }

  // 4. Group companies: list items after "the following entities belong to …", and "its subsidiary: X".
  for (const p of passages) {
    if (p.kind === 'list-item' && p.blockStart) {
      const lead = passages.slice(0, p.ordinal).reverse().find((q) => q.kind !== 'list-item');
      if (!lead || lead.clauseOrdinal !== p.clauseOrdinal || !GROUP.test(lead.text) || PROCESSOR.test(lead.text)) continue;
      const block = blockOf(passages, p);
      const item = text.slice(p.block.start, p.block.end).replace(/\s*\n\s*/g, ', ');
      const segments = item.split(/,\s*/);
      let name = segments.shift() ?? '';
      while (segments[0] && HAS_LEGAL_FORM.test(` ${segments[0]}`) && segments[0].split(/\s+/).length <= 3) name += `, ${segments.shift()}`;
      if (!/^\p{Lu}/u.test(cleanName(name))) continue;
      add('group', name, block[0]!, block.at(-1)!, { address: segments.join(', ').trim() || null, country: countryOf(text, p.block.start, p.block.end) });
    }
  }

  // 5. Processors: "Name: service" / "Name (where): service" items under a processors heading or lead-in; "shared with Name".
  for (const p of passages) {
    const underProcessors = PROCESSOR.test(p.headingPath) || (p.kind === 'list-item' && (() => {
      const lead = passages.slice(0, p.ordinal).reverse().find((q) => q.kind !== 'list-item');
      return !!lead && lead.clauseOrdinal === p.clauseOrdinal && PROCESSOR.test(lead.text);
    })());
    if (p.kind !== 'paragraph' && p.blockStart && underProcessors) {
      const m = /^([\p{Lu}][\p{L}\p{N}&'’.-]*(?:\s+[\p{Lu}][\p{L}\p{N}&'’.-]*){0,3})\s*(?:\(([^)]*)\))?\s*[:–—-]\s*(.+)$/u.exec(cleanName(p.text).replace(/^[*_]+/, ''));
      if (m) {
        add('processor', m[1]!, p, blockOf(passages, p).at(-1)!, { service: m[3]!.trim().slice(0, 160), country: countryOf(text, p.start, p.end) });
        continue;
      }
    }
    const shared = /\b(?:shared with|processed by|provided by|hosted (?:by|with|at)|handled by)\s+((?:\p{Lu}[\p{L}\p{N}&'’.-]*\s?){1,3})/u.exec(p.text.replace(/[[\]*_]/g, ''));
    if (shared && PROCESSOR.test(p.text)) {
      const name = cleanName(shared[1]!);
      if (name && !parties.some((x) => compact(x.name).startsWith(compact(name)))) add('processor', name, p, p, { service: null });
    }
  }
  return parties;
}
