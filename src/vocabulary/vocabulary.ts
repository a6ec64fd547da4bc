/**
 * The one loader of the word lists in this folder (each file is described in ./README.md).
 * Every layer reads its words through these accessors, never a JSON file directly, so a word
 * list has one name, one shape and one place. This module depends on nothing of the project:
 * corpus, search and answer all sit above it.
 *
 * The lists come as people write them; each user compiles them into the form it needs (stemmed
 * terms, folded words, regular expressions). The snapshot key (src/search/snapshot-key.ts)
 * hashes every file this module imports, so editing a list rebuilds saved indexes and models.
 */
import { createRequire } from 'node:module';
import abbreviationExpansionsData from './abbreviation-expansions.json' with { type: 'json' };
import citiesData from './cities.json' with { type: 'json' };
import countriesExtraData from './countries-extra.json' with { type: 'json' };
import cuesData from './cues.json' with { type: 'json' };
import informalData from './informal.json' with { type: 'json' };
import legalFormsData from './legal-forms.json' with { type: 'json' };
import phrasesData from './phrases.json' with { type: 'json' };
import policyModelData from './policy-model.json' with { type: 'json' };
import privacyWordsData from './privacy-words.json' with { type: 'json' };
import questionWordsData from './question-words.json' with { type: 'json' };
import regionsData from './regions.json' with { type: 'json' };
import sentenceAbbreviationsData from './sentence-abbreviations.json' with { type: 'json' };
import englishStopWordsData from './stopwords-en.json' with { type: 'json' };
import synonymsData from './synonyms.json' with { type: 'json' };
import topicsData from './topics.json' with { type: 'json' };
import transferBasesData from './transfer-bases.json' with { type: 'json' };
import translationsData from './translations.json' with { type: 'json' };
import verdictsData from './verdicts.json' with { type: 'json' };

/** The languages questions are read in; English is the language of the index. */
export type Language = 'en' | 'de' | 'es' | 'fr' | 'it';
export type ForeignLanguage = Exclude<Language, 'en'>;
export const FOREIGN_LANGUAGES: readonly ForeignLanguage[] = ['de', 'es', 'fr', 'it'];

// --- stop words: the only source of them --------------------------------------------------

const require = createRequire(import.meta.url);
/** The foreign lists come from the `stopwords-iso` package (as written: not folded). */
const isoStopWords = require('stopwords-iso') as Record<string, string[]>;

/**
 * Function words of a language, as written. English: `stopwords-en.json`, the list the index is
 * built with; the others: `stopwords-iso`, used to read questions in those languages.
 */
export function stopWordList(language: Language): readonly string[] {
  return language === 'en' ? englishStopWordsData : (isoStopWords[language] ?? []);
}

/**
 * English words too common to tell what a text is about: `stopwords-iso`'s English list (1,298
 * words). The linter drops them, besides the stop words, when it compares a paragraph's words
 * with the rest of its document. Search must not: the list holds words such as `information`,
 * `keep`, `right` and `use` that questions turn on.
 */
export function genericEnglishWords(): readonly string[] {
  return isoStopWords['en'] ?? [];
}

// --- search: words that stand for each other ------------------------------------------------

/** Groups of words a user and a policy use for the same thing (`keep` / `retain` / `store`). */
export const synonymGroups: readonly (readonly string[])[] = synonymsData;

/** Abbreviation → its long forms (`gdpr` → `general data protection regulation`, `dsgvo`). */
export const abbreviationExpansions: Readonly<Record<string, readonly string[]>> = abbreviationExpansionsData;

/** Per foreign language: a word of the policy domain → its English words. */
export const translations: Readonly<Record<ForeignLanguage, Readonly<Record<string, string>>>> = translationsData;

/** Chat spellings → the words they stand for (`u` → `you`, `wat` → `what`). */
export const informalWords: Readonly<Record<string, string>> = informalData;

// --- questions and answers ------------------------------------------------------------------

/** Yes/no openers, follow-up openers and pronouns, question words, and per intent the words that merely ask for it. */
export const questionWords = questionWordsData;

/** Verdict words: answer leads per language, asked and light actions, action families. */
export const verdictWords = verdictsData;

/** Per language, the fixed phrases answer texts are written with (src/answer/phrases.ts). */
export const answerPhrases: Readonly<Record<Language, Readonly<Record<keyof (typeof phrasesData)['en'], string>>>> = phrasesData;

/** Cue lists that mark what a sentence is about (transfer, condition, retention, ...). */
export const cueLists = cuesData;

/** The privacy practices a policy talks about (collection, sharing, choice, ...), each with the words that mark it. */
export const privacyTopics: Readonly<Record<string, readonly string[]>> = topicsData.topics;

/** The legal bases of international transfers and the phrases that name them. */
export const transferBases: ReadonlyArray<{ id: string; label: string; phrases: readonly string[] }> = transferBasesData;

/** Groups of countries policies name as one (EU, EEA): their names and ISO codes. */
export const regions: Readonly<Record<string, { names: readonly string[]; members: readonly string[] }>> = regionsData;

/** Informal country names (`America` → `US`) and two-letter codes that are also words (`IT`, `IN`). */
export const countryExtras: {
  aliases: Readonly<Record<string, string>>;
  ambiguousCodes: readonly string[];
  /** City names that are also words ("Mobile", "Split", "Reading"): never read as a city. */
  cityWords: readonly string[];
} = countriesExtraData;

/** City → ISO 3166-1 alpha-2 country, cities of 200,000+ inhabitants (generated: scripts/make-cities.mjs). */
export const cityCountries: Readonly<Record<string, string>> = citiesData;

/** Cue words and patterns of the policy model (controller, processor, rights, retention, ...). */
export const policyModelWords = policyModelData;

/** Company legal-form suffixes (`GmbH`, `Ltd.`, `Inc.`). */
export const legalForms: readonly string[] = legalFormsData;

// --- corpus ---------------------------------------------------------------------------------

/** Abbreviations that end in a period without ending a sentence, and words that open one. */
export const sentenceAbbreviations: {
  neverFinal: readonly string[];
  mayBeFinal: readonly string[];
  sentenceStarters: readonly string[];
} = sentenceAbbreviationsData;

/** Words privacy policies use for their own subject matter (the linter's off-topic check). */
export const privacyWords: readonly string[] = privacyWordsData.words;
