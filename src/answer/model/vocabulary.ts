/**
 * The policy model's vocabulary (src/vocabulary/policy-model.json, legal-forms.json, cues.json, transfer-bases.json),
 * compiled once: phrase lists as case-insensitive matchers, patterns as regular expressions.
 */
import { cueLists, legalForms, policyModelWords as vocabulary, transferBases } from '../../vocabulary/vocabulary.ts';
import { escapeRegExp } from '../../text/regex.ts';
import type { DisclosureKind, FactKind, RightKind, TrackingKind } from './types.ts';

/** A letter or digit of the Latin scripts (what a word boundary is, without the slow `u` flag). */
const WORD_CHAR = '[A-Za-z0-9\\u00C0-\\u024F]';

/** A matcher for a phrase list: word-bounded, case-insensitive, `'` matches `’`, spaces match any run of white space. */
export function phrases(list: readonly string[]): RegExp {
  const parts = [...list]
    .sort((a, b) => b.length - a.length)
    .map((p) => {
      const body = escapeRegExp(p.toLowerCase()).replace(/'/g, "['’]").replace(/\s+/g, '\\s+');
      return `${/^\w/.test(p) ? `(?<!${WORD_CHAR})` : ''}${body}${/\w$/.test(p) ? `(?!${WORD_CHAR})` : ''}`;
    });
  // Not the `u` flag: case-insensitive Unicode matching is ~70 times slower in V8, and every passage is tested against every list.
  return new RegExp(parts.join('|'), 'i');
}

export const CONTROLLER = phrases(vocabulary.controllerCues);
export const PROCESSOR = phrases(vocabulary.processorCues);
export const OPERATOR = phrases(vocabulary.operatorCues);
export const GROUP = phrases(vocabulary.groupCues);
export const DPO = phrases(vocabulary.dpoCues);
export const PRIVACY_CONTACT = phrases(vocabulary.privacyContactCues);
export const SECURITY_CONTACT = phrases(vocabulary.securityContactCues);
export const RETENTION = phrases(vocabulary.retentionCues);
export const DURATION = new RegExp(vocabulary.durationPattern, 'i');
export const RIGHTS_CONTEXT = phrases(vocabulary.rightsContext);
export const RIGHTS = (Object.entries(vocabulary.rights) as Array<[RightKind, string[]]>).map(([right, list]) => ({ right, re: phrases(list) }));
export const DISCLOSURES = (Object.entries(vocabulary.disclosures) as Array<[DisclosureKind, string[]]>).map(([kind, list]) => ({ kind, re: phrases(list) }));
export const CHILDREN = phrases(vocabulary.children);
export const AGE = new RegExp(vocabulary.agePattern, 'i');
export const TRACKING = (Object.entries(vocabulary.tracking) as Array<[TrackingKind, string[]]>).map(([kind, list]) => ({ kind, re: phrases(list) }));
export const SECURITY = phrases(vocabulary.security);
/** Per right, what a question asking about it says ("can I get my data deleted" → erasure). */
export const RIGHT_QUESTIONS = (Object.entries(vocabulary.rightQuestions) as Array<[RightKind, string[]]>).map(([right, list]) => ({ right, re: phrases(list) }));
/** The user asking what they may do ("can I", "do I have", "right to"): a right, not a practice of the company. */
export const RIGHT_ASKERS = phrases(vocabulary.rightAskers);
export const FACT_QUESTIONS = (Object.entries(vocabulary.factQuestions) as Array<[FactKind, string[]]>).map(([kind, list]) => ({ kind, re: phrases(list) }));

const legalFormAlternation = [...legalForms]
  .sort((a, b) => b.length - a.length)
  .map((f) => escapeRegExp(f).replace(/\\\.$/, '\\.?'))
  .join('|');
const organisationAlternation = vocabulary.organisationWords.map(escapeRegExp).join('|');
/** Capitalised words (or `&`, `of`) ending in a legal form or an organisation word: `Acme Research Group`, `Example Cloud Ltd.` */
export const UPPER = 'A-ZÀ-ÖØ-Þ';
export const LETTER = 'A-Za-z0-9À-ÖØ-öø-ɏ';
export const ORGANISATION = new RegExp(
  `(?<![${LETTER}])((?:[${UPPER}][${LETTER}&'’.-]*\\s+(?:(?:of|for|and|&|the)\\s+)?){1,5}(?:${legalFormAlternation}|${organisationAlternation}))(?![${LETTER}])`,
  'g',
);
/** True when the name ends in a legal form (a registered company, not a brand). */
export const HAS_LEGAL_FORM = new RegExp(`(?:^|\\s)(?:${legalFormAlternation})$`);

export const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/gi;
export const PHONE = /(?:\+|\b00)\d[\d ()./-]{6,}\d\b|\b(?:phone|tel|telephone|call)[.:]?\s*\(?\d[\d ()./-]{6,}\d\b/gi;
export const NEGATION = /\b(?:not|never|no|none|nor|cannot|can't|don't|doesn't|won't|without|neither)\b|n['’]t\b/i;

/** The answerer's cue lists (cues.json), compiled the fast way for reading every passage. */
export const TRANSFER = phrases(cueLists.transfer);
export const GENERAL_DESTINATION = phrases(cueLists.generalDestination);
export const CONDITION = phrases(cueLists.condition);
export const TRANSFER_BASES = transferBases.map((b) => ({ label: b.label, re: phrases(b.phrases) }));
/** Verbs that make a contact word data handled, not a way to reach someone: "do you collect my email". */
export const HANDLED_VERBS = phrases(vocabulary.handledVerbs);
/** "my e-mail address", "mon adresse": the user's own data, not the policy's contact. */
export const USER_OWNS = new RegExp(`(?:${phrases(vocabulary.userDataOwners).source})\\s+(?:\\S+\\s+)?(?:e-?mail|phone|telephone|number|address|adresse|numéro|nummer|correo|teléfono|dirección|indirizzo)`, 'i');
