/**
 * buildPolicyModel: the policy model of one document, a pure function of the parsed document.
 * Called once per document when the corpus is indexed (see store.ts), never while answering.
 */
import type { PolicyDocument } from '../../corpus/types.ts';
import { extractIdentities } from './identities.ts';
import { compact, extractParties } from './parties.ts';
import { passagesOf } from './passages.ts';
import { extractChildren, extractContacts, extractDisclosures, extractRetention, extractRights, extractSecurity, extractTracking, extractTransfers } from './statements.ts';
import type { PolicyModel } from './types.ts';
import { termsOf } from '../../text/analyze.ts';

export function buildPolicyModel(document: PolicyDocument): PolicyModel {
  const passages = passagesOf(document);
  const parties = extractParties(document, passages);
  const identities = extractIdentities(document, parties);
  return {
    documentId: document.id,
    identities,
    nameTerms: [...new Set(identities.filter((i) => i.kind !== 'title').flatMap((i) => termsOf(i.name)))],
    ownNames: [...new Set(parties.filter((p) => p.role === 'controller' || p.role === 'operator').flatMap((p) => [p.name, ...p.aliases]).map(compact))],
    parties,
    contacts: extractContacts(document.text, passages),
    transfers: extractTransfers(document.text, passages),
    retention: extractRetention(passages),
    rights: extractRights(passages),
    disclosures: extractDisclosures(passages),
    children: extractChildren(passages),
    tracking: extractTracking(passages),
    security: extractSecurity(passages),
  };
}
