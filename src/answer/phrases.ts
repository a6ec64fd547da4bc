/**
 * The fixed phrases of answer texts ("To exercise this right: …", "The policy does not address
 * this.", "(From …)") in the question's language: src/vocabulary/phrases.json, one set per
 * language, English as the fallback. What is quoted from the policy stays as the policy wrote it;
 * the words the answer adds around it are the asker's.
 */
import { answerPhrases, type Language } from '../vocabulary/vocabulary.ts';

export type PhraseKey = keyof (typeof answerPhrases)['en'];

/** The phrase `key` in `language`, with `{name}` placeholders filled from `values`. */
export function say(language: Language, key: PhraseKey, values: Record<string, string | number> = {}): string {
  const template = answerPhrases[language]?.[key] ?? answerPhrases.en[key];
  // A value that ends a sentence ("Acme Ltd.") before the template's own full stop gives one stop, not two.
  return template.replace(/\{(\w+)\}(\.?)/g, (whole, name: string, stop: string) =>
    name in values ? (stop && String(values[name]).endsWith('.') ? String(values[name]) : `${values[name]}${stop}`) : whole,
  );
}
