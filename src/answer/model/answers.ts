/**
 * Answers read from the policy model: who the controller is, how to reach the privacy contact
 * or the DPO, which processors and group companies the policy names, the minimum age. The
 * answer text states the fact (the legal entity, the address, the e-mail); the citation is the
 * sentence or block the fact was read from, a verbatim slice of the document. A question about a
 * kind of fact the model did not find gets `missing` (see `missingFact`): a strong sign the
 * policy does not say.
 */
import type { DocumentAnalysis } from '../document-analysis.ts';
import type { Candidate, ResolvedQuestion } from '../candidate.ts';
import { countryName } from '../countries.ts';
import { citationOf, readable, type Window } from '../excerpt.ts';
import type { Citation } from '../types.ts';
import type { FactsAsked } from './asked.ts';
import type { Contact, FactSpan, Party, PolicyModel, RightFact } from './types.ts';
import { DPO, RIGHTS } from './vocabulary.ts';
import { EMAIL } from '../unit-features.ts';
import { matchWeight } from '../scoring.ts';
import { verdictLead, verdictOf } from '../verdict.ts';
import { say, type PhraseKey } from '../phrases.ts';
import type { Language } from '../../vocabulary/vocabulary.ts';

/** Question words that name any processor or company, not the service asked about ("which companies process …"). */
const GENERIC_PARTY_WORDS = /^(process|processor|handl|compani|company|provid|provider|servic|service|data|use|vendor|subprocessor|third|parti|parti)/;

/** How strongly a model answer competes with another document's answer (see answer-question.ts). */
export const MODEL_ANSWER_STRENGTH = 11;

/** The analysis units a fact's span covers. */
export function windowOf(analysis: DocumentAnalysis, span: FactSpan): Window | null {
  const units = analysis.units.filter((u) => u.end > span.start && u.start < span.end);
  if (units.length === 0) return null;
  return { first: units[0]!, last: units.at(-1)! };
}

function cite(r: ResolvedQuestion, spans: FactSpan[], highlight: (s: string) => string[] = () => []): Citation[] {
  const out: Citation[] = [];
  const text = r.analysis.document.text;
  for (const span of spans) {
    const w = windowOf(r.analysis, span);
    if (!w || out.some((c) => c.start === w.first.start)) continue;
    const marks: Array<[number, number]> = [];
    for (const word of highlight(text.slice(w.first.start, w.last.end))) {
      const at = text.indexOf(word, w.first.start);
      if (at >= 0 && at + word.length <= w.last.end) marks.push([at, at + word.length]);
    }
    out.push(citationOf(r.analysis, w, 1, r.terms, marks));
  }
  return out.slice(0, 3);
}

function candidate(r: ResolvedQuestion, text: string, citations: Citation[], extra: Partial<Candidate> = {}): Candidate | null {
  if (citations.length === 0) return null;
  return {
    documentId: r.analysis.document.id,
    text,
    answerable: true,
    verdict: r.yesNo ? 'yes' : null,
    confidence: 0.9,
    citations,
    strength: MODEL_ANSWER_STRENGTH,
    entity: null,
    ...extra,
  };
}

function where(p: Party, language: Language): string {
  if (p.address) return `, ${p.address}`;
  return p.country ? `, ${say(language, 'basedIn', { country: countryName(p.country, language) })}` : '';
}

function partyLine(p: Party, language: Language): string {
  const alias = p.aliases.length ? ` (${p.aliases.join(', ')})` : '';
  return `${p.name}${alias}${where(p, language)}`;
}

function controllerOf(model: PolicyModel): Party | null {
  return model.parties.find((p) => p.role === 'controller') ?? model.parties.find((p) => p.role === 'operator') ?? null;
}

function answerController(r: ResolvedQuestion, model: PolicyModel): Candidate | null {
  const party = controllerOf(model);
  if (!party) return null;
  const language = r.question.query.language;
  const privacy = model.contacts.find((c) => c.email && (c.kind === 'privacy' || c.kind === 'dpo'));
  const email = party.email ?? privacy?.email ?? null;
  const contact = email ? ` ${say(language, 'contact', { email })}` : '';
  const spans = [party.span, ...(party.email || !privacy ? [] : [privacy.span])];
  const stated = say(language, party.role === 'controller' ? 'controller' : 'operator', { party: partyLine(party, language) });
  return candidate(r, `${stated}${contact}`, cite(r, spans, (s) => [party.name, email ?? ''].filter((w) => w && s.includes(w))), { entity: party.name });
}

function contactLine(c: Contact): string {
  return c.email ?? c.phone ?? c.address ?? '';
}

function answerContact(r: ResolvedQuestion, model: PolicyModel, asked: FactsAsked): Candidate | null {
  const dpo = asked.kinds.has('dpo');
  const rank = (c: Contact) => (dpo && c.kind === 'dpo' ? 0 : c.kind === 'dpo' || c.kind === 'privacy' ? 1 : c.kind === 'general' ? 2 : 3);
  const contacts = [...model.contacts].sort((a, b) => rank(a) - rank(b) || a.span.start - b.span.start);
  const controller = controllerOf(model);
  const parts: string[] = [];
  const spans: FactSpan[] = [];
  const email = contacts.find((c) => c.email);
  const phone = contacts.find((c) => c.phone) ?? (controller?.phone ? { phone: controller.phone, span: controller.span } : null);
  const addressContact = contacts.find((c) => c.address);
  const address = controller?.address ? { address: controller.address, span: controller.span } : addressContact ? { address: addressContact.address!, span: addressContact.span } : null;
  const wantsOnly = asked.postal || asked.email || asked.phone;
  const language = r.question.query.language;
  const label = (key: PhraseKey, value: string) => `${say(language, key)}: ${value}.`;
  if (asked.postal && address) {
    parts.push(label('postal', `${controller?.address ? `${controller.name}, ` : ''}${address.address}`));
    spans.push(address.span);
  }
  if ((asked.email || !wantsOnly) && email) {
    parts.push(label(email.kind === 'dpo' ? 'dpo' : 'email', email.email!));
    spans.push(email.span);
  }
  if ((asked.phone || !wantsOnly) && phone?.phone) {
    parts.push(label('phone', phone.phone));
    spans.push(phone.span);
  }
  if (!asked.postal && !wantsOnly && address && parts.length < 2) {
    parts.push(label('postal', address.address));
    spans.push(address.span);
  }
  if (parts.length === 0) return null;
  const who = controller && !dpo ? `${controller.name}: ` : '';
  return candidate(r, `${who}${parts.join(' ')}`, cite(r, spans, (s) => [email?.email ?? '', phone?.phone ?? ''].filter((w) => w && s.includes(w))));
}

function answerParties(r: ResolvedQuestion, model: PolicyModel, asked: FactsAsked): Candidate | null {
  const group = model.parties.filter((p) => p.role === 'group' || (p.role === 'controller' && model.parties.some((q) => q.role === 'group')));
  let processors = model.parties.filter((p) => p.role === 'processor');
  // "Who handles payments?": the processors whose service the question names, when some do.
  const words = new Set(r.terms.map((t) => t.term).filter((t) => !GENERIC_PARTY_WORDS.test(t)));
  const fitting = processors.filter((p) => `${p.name} ${p.service ?? ''}`.toLowerCase().split(/[^a-z0-9]+/).some((w) => w.length > 3 && [...words].some((t) => w.startsWith(t))));
  if (fitting.length > 0) processors = fitting;
  const wantGroup = asked.kinds.has('group') && group.length > 0 && !(asked.kinds.has('processors') && fitting.length > 0);
  const list = wantGroup ? group : asked.kinds.has('processors') ? processors : [];
  if (list.length === 0) return null;
  const shown = list.slice(0, 12);
  const language = r.question.query.language;
  const line = (p: Party) => `${p.name}${p.service ? ` (${readable(p.service).replace(/[.]$/, '')})` : p.country ? ` (${countryName(p.country, language)})` : ''}`;
  const lead = wantGroup ? say(language, list.length === 1 ? 'oneCompany' : 'companies', { n: list.length }) : say(language, list.length === 1 ? 'oneProvider' : 'providers', { n: list.length });
  return candidate(r, `${lead}: ${shown.map(line).join('; ')}.`, cite(r, shown.map((p) => p.span), (s) => shown.map((p) => p.name).filter((n) => s.includes(n))));
}

function answerMinimumAge(r: ResolvedQuestion, model: PolicyModel, asked: FactsAsked): Candidate | null {
  const fact = model.children.find((c) => c.minimumAge !== null);
  if (!fact) return null;
  const min = fact.minimumAge!;
  const sentence = readable(r.analysis.document.text.slice(fact.span.start, fact.span.end));
  let verdict: Candidate['verdict'] = null;
  let lead = '';
  // "My son is 11, can he send you his data?": an age given makes it a yes/no question in any wording.
  const yesNo = r.yesNo || (asked.age !== null && r.question.wh === null);
  if (yesNo && asked.age !== null) {
    verdict = asked.age >= min ? 'yes' : 'no';
    lead = verdict === 'yes' ? 'Yes. ' : 'No. ';
  }
  return candidate(r, `${lead}${say(r.question.query.language, 'minimumAge', { age: min })} ${sentence}`, cite(r, [fact.span], () => [String(min)]), { verdict: yesNo ? verdict ?? 'conditional' : null });
}

/**
 * The kind of fact asked for that the model does not hold, if any: "What is the DPO's name?"
 * on a policy that names none, "What e-mail address can I use?" on one with no e-mail address.
 */
export function missingFact(model: PolicyModel, asked: FactsAsked, text: string): PhraseKey | null {
  if (asked.kinds.has('doNotTrack') && !model.tracking.some((t) => t.kind === 'doNotTrack')) return 'missingDoNotTrack';
  if (asked.kinds.has('dpo') && asked.name) return 'missingDpoName';
  if (asked.transfer && model.transfers.length === 0) return 'missingTransfers';
  if (asked.kinds.has('dpo') && !model.contacts.some((c) => c.kind === 'dpo') && !DPO.test(text)) return 'missingDpo';
  if (asked.kinds.has('contact') || asked.kinds.has('dpo')) {
    const controller = controllerOf(model);
    if (asked.email && !model.contacts.some((c) => c.email)) return 'missingEmail';
    if (asked.postal && !asked.email && !controller?.address && !model.contacts.some((c) => c.address)) return 'missingPostal';
    if (asked.phone && !asked.email && !asked.postal && !controller?.phone && !model.contacts.some((c) => c.phone)) return 'missingPhone';
  }
  return null;
}

export function answerFromModel(r: ResolvedQuestion, model: PolicyModel, asked: FactsAsked): Candidate | null {
  const k = asked.kinds;
  if (k.has('minimumAge')) {
    const a = answerMinimumAge(r, model, asked);
    if (a) return a;
  }
  if ((k.has('contact') || k.has('dpo')) && !asked.name) {
    const a = answerContact(r, model, asked);
    if (a) return a;
  }
  // A list of companies answers "which / who / list …", not "why do you share with the group?".
  const listing = r.question.wh === 'which' || r.question.wh === 'who' || /\b(list|name|how many|what (?:companies|entities|providers|processors|subprocessors|sub-processors))\b/i.test(r.question.cueText);
  if ((k.has('group') || k.has('processors')) && listing) {
    const a = answerParties(r, model, asked);
    if (a) return a;
  }
  if (k.has('controller') && !k.has('processors')) {
    const a = answerController(r, model);
    if (a) return a;
  }
  return null;
}

/** Every match of a (non-global) matcher in a text, as [start, end] offsets. */
function spansOf(re: RegExp, text: string): Array<[number, number]> {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  return [...text.matchAll(g)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
}

/** The e-mail address to exercise a right with: one given in the right's own clause ("To exercise these rights, write to …"), else the privacy or DPO contact. */
function rightsContact(r: ResolvedQuestion, model: PolicyModel, clauseId: string): { email: string; span: FactSpan } | null {
  const text = r.analysis.document.text;
  const clause = r.analysis.clauses.find((c) => c.clause.id === clauseId);
  for (const ordinal of clause?.units ?? []) {
    const u = r.analysis.units[ordinal]!;
    const email = EMAIL.exec(text.slice(u.start, u.end));
    if (email) return { email: email[0], span: { start: u.start, end: u.end, clauseId } };
  }
  const contact = model.contacts.find((c) => c.email && (c.kind === 'dpo' || c.kind === 'privacy'));
  return contact ? { email: contact.email!, span: contact.span } : null;
}

/** The model's statement of the right asked about that best shares the question's other words ("IP addresses"). */
function bestRightFact(r: ResolvedQuestion, facts: RightFact[]): RightFact | null {
  let best: { fact: RightFact; score: number } | null = null;
  for (const fact of facts) {
    const w = windowOf(r.analysis, fact.span);
    if (!w) continue;
    let score = 0;
    for (const t of r.terms) if (!t.argument) score += matchWeight(t, w.first.terms) * t.idf;
    if (!best || score > best.score) best = { fact, score };
  }
  return best?.fact ?? null;
}

/**
 * A question about one of the user's rights ("Can I get my data deleted?", "Who can I complain
 * to?"), however the policy words the right (the model recognises "request a personal data
 * report" as access, "a structured, commonly used format" as portability). The retrieved answer
 * stands when it states the right; the model's statement of the right replaces it when retrieval
 * declined or found a sentence that does not state what a yes/no question asks. The answer names
 * the e-mail address to exercise the right with, unless its citation already holds one; a
 * complaint goes to an authority, so it gets none. Without a right asked, `general` as it is.
 */
export function answerRight(r: ResolvedQuestion, model: PolicyModel, asked: FactsAsked, general: Candidate | null): Candidate | null {
  const right = asked.right;
  if (!right) return general;
  const re = RIGHTS.find((x) => x.right === right)!.re;
  const text = r.analysis.document.text;
  const generalStates = general?.answerable && re.test(general.citations[0]?.excerpt ?? '');
  const stands = general?.answerable && (generalStates || !(r.yesNo && general.verdict === null));
  let answer: Candidate | null = stands ? general : null;
  let clauseId = general?.citations[0]?.clauseId ?? '';
  if (!answer) {
    const fact = bestRightFact(r, model.rights.filter((f) => f.right === right));
    if (!fact) return general;
    const sentence = text.slice(fact.span.start, fact.span.end);
    const verdict = r.yesNo ? verdictOf(sentence, spansOf(re, sentence)) : null;
    const lead = verdict ? `${verdictLead(verdict)} ` : '';
    answer = candidate(r, `${lead}${readable(sentence)}`, cite(r, [fact.span]), { verdict, confidence: 0.8, strength: 6 });
    if (!answer) return general;
    clauseId = fact.span.clauseId;
  }
  if (right === 'complaint' || !(generalStates || answer !== general)) return answer;
  // The answer's own words name an address already (a further citation holding one is not read as the answer).
  if (/@/.test(answer.citations[0]?.excerpt ?? '')) return answer;
  const contact = rightsContact(r, model, clauseId);
  if (!contact) return answer;
  // The contact's sentence follows the answer's own, at its score: citations stay best first.
  const [first, ...rest] = answer.citations;
  const more = cite(r, [contact.span])
    .filter((c) => !answer!.citations.some((a) => a.start < c.end && c.start < a.end))
    .map((c) => ({ ...c, score: first!.score }));
  const said = answer.text.replace(/\s*$/, '');
  return {
    ...answer,
    text: `${said}${/[.!?:]$/.test(said) ? '' : '.'} ${say(r.question.query.language, 'exercise', { email: contact.email })}`,
    citations: [first!, ...more, ...rest].slice(0, 3),
  };
}
