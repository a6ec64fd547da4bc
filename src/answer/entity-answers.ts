/**
 * Questions about the companies a policy lists: where one is, whether one belongs to the group,
 * which ones are in a country. Answered from the entity records, citing each record's list item.
 */
import type { Candidate, ResolvedQuestion } from './candidate.ts';
import { countryName } from './countries.ts';
import { say } from './phrases.ts';
import type { EntityRecord } from './entities.ts';
import { citationOf, readable } from './excerpt.ts';

function entryText(r: ResolvedQuestion, record: EntityRecord): string {
  return readable(r.analysis.document.text.slice(record.unit.start, record.lastUnit.end));
}

function citeRecords(r: ResolvedQuestion, records: EntityRecord[], score: number) {
  return records.slice(0, 6).map((rec) =>
    citationOf(r.analysis, { first: rec.unit, last: rec.lastUnit }, score, r.terms, [[rec.nameStart, rec.nameEnd]]),
  );
}

/** "Which group companies are in Germany?" */
export function answerListing(r: ResolvedQuestion): Candidate | null {
  const { records } = r.facts.entities;
  if (records.length < 2 || r.countries.length === 0) return null;
  const inCountry = records.filter((rec) => rec.country !== null && r.countries.includes(rec.country));
  const language = r.question.query.language;
  const names = r.countries.map((c) => countryName(c, language)).join(' / ');
  if (inCountry.length === 0) {
    // Only a list that names countries can say that none is in this one.
    if (records.filter((rec) => rec.country).length < 2) return null;
    return {
      documentId: r.analysis.document.id,
      text: `${r.yesNo ? 'No. ' : ''}${say(language, 'noneListedIn', { n: records.length, place: names })}`,
      answerable: true,
      verdict: r.yesNo ? 'no' : null,
      confidence: 0.8,
      citations: citeRecords(r, records.slice(0, 1), 1),
      strength: 7,
      entity: null,
    };
  }
  const list = inCountry.map((rec) => entryText(r, rec)).join('; ');
  const count = inCountry.length === 1 ? say(language, 'oneListedIn', { place: names }) : say(language, 'listedIn', { n: inCountry.length, place: names });
  return {
    documentId: r.analysis.document.id,
    text: `${r.yesNo ? 'Yes. ' : ''}${count} ${list}`,
    answerable: true,
    verdict: r.yesNo ? 'yes' : null,
    confidence: 0.9,
    citations: citeRecords(r, inCountry, 1),
    strength: 12,
    entity: inCountry.length === 1 ? inCountry[0]!.name : null,
  };
}

/** "Where is Acme Japan located?", "Is Foo part of the group?", "What is the address of Bar Ltd.?" */
export function answerEntity(r: ResolvedQuestion, matches: EntityRecord[]): Candidate | null {
  const record = matches[0];
  if (!record) return null;
  const entry = entryText(r, record);
  const parts: string[] = [];
  if (r.yesNo) {
    const listed = r.analysis.clauses[record.clauseOrdinal]!.headingPath;
    parts.push(`Yes. ${say(r.question.query.language, 'listedCompany', { name: record.name })}${listed ? ` (${listed})` : ''}.`);
  }
  const country = record.country ? ` (${countryName(record.country, r.question.query.language)})` : '';
  parts.push(`${record.name}${country}: ${entry}`);
  return {
    documentId: r.analysis.document.id,
    text: parts.join(' '),
    answerable: true,
    verdict: r.yesNo ? 'yes' : null,
    confidence: 0.9,
    citations: citeRecords(r, matches, 1),
    strength: 12,
    entity: record.name,
  };
}

/**
 * "Is Acme part of the group?" when no listed company is called that: the name the question
 * gives (a capitalised word the list does not contain) is not among the listed companies.
 */
export function answerNotListed(r: ResolvedQuestion): Candidate | null {
  const { records } = r.facts.entities;
  const listed = records.filter((rec) => rec.unit.kind === 'list-item');
  if (listed.length < 2) return null;
  const tokens = r.question.query.tokens;
  const known = new Set(records.flatMap((rec) => rec.nameWords));
  // The name asked about: capitalised words after the first word that no listed name contains.
  const asked = tokens
    .slice(1)
    .filter((t) => /^\p{Lu}/u.test(r.question.query.text.slice(t.start, t.end)) && !known.has(t.word) && t.term !== null)
    .map((t) => r.question.query.text.slice(t.start, t.end));
  if (asked.length === 0) return null;
  const name = asked.join(' ');
  const clause = r.analysis.clauses[listed[0]!.clauseOrdinal]!;
  const lead = r.analysis.units[listed[0]!.unit.ordinal - 1];
  const cite = lead && lead.clauseOrdinal === listed[0]!.clauseOrdinal ? lead : listed[0]!.unit;
  return {
    documentId: r.analysis.document.id,
    text: `No. ${say(r.question.query.language, 'notListed', { name, n: listed.length })}${clause.headingPath ? ` (${clause.headingPath})` : ''}.`,
    answerable: true,
    verdict: 'no',
    confidence: 0.75,
    citations: [citationOf(r.analysis, { first: cite, last: cite }, 1, r.terms)],
    strength: 9,
    entity: null,
  };
}
