/**
 * "Is a transfer of my data to Japan covered?": find where the policy speaks of transfers to
 * that country (or to a region it belongs to), read the verdict and the legal basis it names;
 * for a country the policy does not name, its general rule for other countries.
 */
import type { Unit } from './document-analysis.ts';
import type { Candidate, ResolvedQuestion } from './candidate.ts';
import { countryName, REGIONS } from './countries.ts';
import { say } from './phrases.ts';
import { cueSpans } from './cues.ts';
import { basesNamed, featuresOf } from './unit-features.ts';
import { citationOf, readable, widen } from './excerpt.ts';
import { windowOf } from './model/answers.ts';
import { scoreUnit, termPairKeys } from './scoring.ts';
import { verdictLead, verdictOf } from './verdict.ts';
import type { Verdict } from './types.ts';

/** How much a mention inside parentheses or after "e.g." counts less. */
export const EXAMPLE_PENALTY = 2.5;

function insideExample(text: string, at: number): boolean {
  const before = text.slice(0, at);
  const open = before.lastIndexOf('(');
  if (open > before.lastIndexOf(')')) return true;
  return /\b(e\.g\.|for example|for instance|such as)[^.;]*$/i.test(before);
}

export function answerTransfer(r: ResolvedQuestion): Candidate | null {
  const { analysis, facts } = r;
  const doc = analysis.document;
  const code = r.countries[0];
  if (!code) return null;
  const language = r.question.query.language;
  const name = countryName(code, language);
  const regionsOf = REGIONS.filter((g) => g.members.has(code));

  let best: { unit: Unit; score: number; near: [number, number] } | null = null;
  const pairKeys = termPairKeys(r.terms);
  const transferUnits = facts.transferUnits.length;
  for (const unit of facts.transferUnits) {
    const mention = facts.unitCountries[unit.ordinal]!.find((m) => m.code === code);
    if (!mention) continue;
    const features = featuresOf(analysis, unit);
    // A list of addresses that happens to include the country is not a statement about transfers.
    if (unit.kind === 'list-item' && features.transferCues === 0) continue;
    const clause = analysis.clauses[unit.clauseOrdinal]!;
    const at = mention.start - unit.start;
    // A country named only as an example of a general rule ("(e.g. the EU, Japan, …)") is weaker
    // evidence than a sentence about transfers to it.
    const asExample = insideExample(doc.text.slice(unit.start, unit.end), at) ? EXAMPLE_PENALTY : 0;
    const score =
      1 + Math.min(features.transferCues, 3) + Math.min(features.transferBases.length, 2) - asExample + 0.1 * scoreUnit(unit, clause, r.terms, pairKeys).total;
    if (!best || score > best.score) best = { unit, score, near: [mention.start - unit.start, mention.end - unit.start] };
  }

  if (best) {
    const window = widen(analysis, best.unit);
    const excerpt = doc.text.slice(window.first.start, window.last.end);
    const verdict = verdictOf(doc.text.slice(best.unit.start, best.unit.end), [best.near]);
    let bases = verdict === 'no' ? [] : basesNamed(excerpt);
    const citation = citationOf(analysis, window, best.score, r.terms, [[best.unit.start + best.near[0], best.unit.start + best.near[1]]]);
    const citations = [citation];
    // "… transferred to jurisdictions including the United States. … We have taken steps …,
    // including Standard Contractual Clauses.": the basis is often stated a sentence or two later
    // in the same paragraph; the policy model's transfer rules hold it with its span.
    if (verdict !== 'no' && bases.length === 0) {
      const unitsOfBlock = analysis.units.filter((u) => u.clauseOrdinal === best!.unit.clauseOrdinal && u.blockOrdinal === best!.unit.blockOrdinal);
      const from = unitsOfBlock[0]?.start ?? best.unit.start;
      const to = unitsOfBlock.at(-1)?.end ?? best.unit.end;
      const rule = r.model.transfers.find((t) => t.bases.length > 0 && !t.negated && t.span.start >= from && t.span.end <= to);
      if (rule) {
        bases = rule.bases;
        const w = windowOf(analysis, rule.span);
        if (w) citations.push(citationOf(analysis, w, best.score, r.terms));
      }
    }
    const lead = r.yesNo ? `${verdict === 'conditional' ? 'Yes, under conditions.' : verdictLead(verdict)} ` : '';
    const basisText = bases.length ? ` ${say(language, 'basisNamed', { bases: bases.join(', ') })}` : '';
    return {
      documentId: doc.id,
      text: `${lead}${readable(excerpt)}${basisText}`,
      answerable: true,
      // A terse "transfer to japan?" is a yes/no question too; "what safeguards …" is not.
      verdict: r.yesNo || r.question.wh === null ? (verdict === 'conditional' && bases.length ? 'conditional' : verdict) : null,
      confidence: bases.length || verdict === 'no' ? 0.9 : 0.75,
      citations,
      strength: 10 + best.score,
      entity: null,
    };
  }

  // Not named: a region the country belongs to, or the policy's rule for all other countries.
  let general: { unit: Unit; score: number; inRegion: string | null; outsideRegion: boolean } | null = null;
  for (const unit of facts.transferUnits) {
    const text = doc.text.slice(unit.start, unit.end);
    const heading = facts.clauseHeadings[unit.clauseOrdinal] ?? '';
    // The region may be named by the sentence or by its heading ("Transfers outside the EEA"); the heading decides first.
    const features = featuresOf(analysis, unit);
    const named = [...(facts.clauseRegions[unit.clauseOrdinal] ?? []), ...features.regions];
    const region = named.map((id) => regionsOf.find((g) => g.id === id)).find((g) => g !== undefined);
    const destination = features.destinationCues;
    const conditions = Math.min(features.conditionCues, 2);
    const bases = Math.min(features.transferBases.length, 2);
    // A rule for other countries names them generally ("abroad", "third countries") or states the
    // conditions and bases any transfer needs ("unless an adequacy decision or safeguards …").
    if (!region && destination === 0 && !(conditions > 0 && bases > 0)) continue;
    // A country inside the region the policy's transfer rules start from ("outside the EU") needs
    // no third-country basis: that sentence decides before any general rule.
    const outsideRegion = region !== undefined && /\boutside\b/i.test(`${text} ${heading}`);
    const score = destination + 1.5 * conditions + bases + (features.negated ? 1 : 0) + (region ? 0.5 : 0) + (outsideRegion ? 10 : 0);
    if (!general || score > general.score) general = { unit, score, inRegion: region?.id ?? null, outsideRegion };
  }
  if (general) {
    const window = widen(analysis, general.unit);
    const excerpt = doc.text.slice(window.first.start, window.last.end);
    const sentence = doc.text.slice(general.unit.start, general.unit.end);
    const negated = cueSpans('negation', sentence).length > 0 && !/\b(unless|only|except)\b/i.test(sentence);
    let verdict: Verdict;
    let lead: string;
    if (general.outsideRegion) {
      verdict = 'yes';
      lead = say(language, 'inRegion', { country: name, region: general.inRegion ?? '' });
    } else if (negated) {
      verdict = 'no';
      lead = `No. ${say(language, 'notNamedNo', { country: name })}`;
    } else {
      verdict = 'conditional';
      lead = say(language, 'notNamedRule', { country: name });
    }
    const bases = basesNamed(excerpt);
    return {
      documentId: doc.id,
      text: `${lead} ${readable(excerpt)}${bases.length && verdict !== 'no' ? ` ${say(language, 'basesNamed', { bases: bases.join(', ') })}` : ''}`,
      answerable: true,
      verdict,
      confidence: verdict === 'conditional' ? 0.7 : 0.8,
      citations: [citationOf(analysis, window, general.score, r.terms)],
      strength: 8 + general.score,
      entity: null,
    };
  }
  if (transferUnits === 0) return null;
  // The policy speaks of transfers but neither of this country nor of a rule for others: it does
  // not say. A decline, naming the closest passage about transfers.
  let closest: { unit: Unit; score: number } | null = null;
  for (const unit of facts.transferUnits) {
    const score = scoreUnit(unit, analysis.clauses[unit.clauseOrdinal]!, r.terms, pairKeys).total + featuresOf(analysis, unit).transferCues;
    if (!closest || score > closest.score) closest = { unit, score };
  }
  const heading = closest ? analysis.clauses[closest.unit.clauseOrdinal]!.clause.heading : '';
  return {
    documentId: doc.id,
    text: `${say(language, 'transferNotSaid', { country: name })}${heading ? ` ${say(language, 'closest', { heading })}` : ''}`,
    answerable: false,
    verdict: 'not_stated',
    confidence: 0.6,
    citations: closest ? [citationOf(analysis, widen(analysis, closest.unit), closest.score, r.terms)] : [],
    strength: 5,
    entity: null,
  };
}
