/**
 * "Try asking" suggestions built from the loaded documents' policy models
 * (`GET /v1/documents/:id/facts`): one question per kind of fact a policy states, each with the
 * fact the answer should carry (a name, an e-mail address, a country, an age). Questions only a
 * policy that states the fact can answer, so a visitor never starts with a decline.
 */
import type { FactsResponse } from './wire.ts';

export interface Suggestion {
  question: string;
  /** Text the answer should contain: the fact the question asks for. */
  expect: string;
  documentId: string;
}

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The name a question uses for the policy when several are loaded ("… for Acme?"). */
function nameOf(facts: FactsResponse): string | null {
  return (facts.identities.find((i) => i.kind === 'brand' || i.kind === 'title') ?? facts.identities.find((i) => i.kind === 'party'))?.name ?? null;
}

function forOne(facts: FactsResponse, named: boolean): Suggestion[] {
  const out: Suggestion[] = [];
  const name = named ? nameOf(facts) : null;
  const about = name ? ` for ${name}` : '';
  const add = (question: string, expect: string) => out.push({ question, expect, documentId: facts.documentId });
  const controller = facts.parties.find((p) => p.role === 'controller') ?? facts.parties.find((p) => p.role === 'operator');
  if (controller) add(controller.role === 'controller' ? `Who is the data controller${about}?` : `Who is responsible for my data${about}?`, controller.name);
  const transfer = facts.transfers.find((r) => r.countries.length > 0 && !r.negated);
  if (transfer) add(`Is my data transferred to ${countryName(transfer.countries[0]!)}${about}?`, countryName(transfer.countries[0]!).split(' ')[0]!);
  const group = facts.parties.filter((p) => p.role === 'group');
  if (group.length >= 2) add(`Which companies belong to the group${about}?`, group.at(-1)!.name);
  const contact = facts.contacts.find((c) => c.email && (c.kind === 'dpo' || c.kind === 'privacy'));
  if (contact) add(`How do I contact ${contact.kind === 'dpo' ? 'the data protection officer' : 'you about privacy'}${about}?`, contact.email!);
  const age = facts.children.find((c) => c.minimumAge !== null);
  if (age) add(`What is the minimum age${about}?`, String(age.minimumAge));
  const processors = facts.parties.filter((p) => p.role === 'processor');
  if (processors.length >= 2) add(`Which service providers process my data${about}?`, processors[0]!.name);
  return out;
}

/** Up to `limit` suggestions over the documents, taking turns between them. */
export function suggestionsFrom(all: FactsResponse[], limit = 4): Suggestion[] {
  const lists = all.map((f) => forOne(f, all.length > 1));
  const out: Suggestion[] = [];
  for (let i = 0; out.length < limit && lists.some((l) => l.length > i); i++) {
    for (const l of lists) if (l[i] && out.length < limit) out.push(l[i]!);
  }
  return out;
}
