/**
 * The agent console's summary card for a document: its policy model (`GET /v1/documents/:id/facts`)
 * as a short list — who runs it, how to reach them, transfer rules, retention periods, rights,
 * minimum age — each line linking to the clause the fact was read from.
 */
import { el } from './dom.ts';
import type { FactsResponse } from './wire.ts';

type Span = FactsResponse['parties'][number]['span'];

const RIGHT_NAMES: Record<FactsResponse['rights'][number]['right'], string> = {
  access: 'access',
  rectification: 'rectification',
  erasure: 'erasure',
  portability: 'portability',
  objection: 'objection',
  restriction: 'restriction',
  withdrawConsent: 'withdraw consent',
  complaint: 'complaint to an authority',
};

function region(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function summaryCard(facts: FactsResponse, hrefOf: (documentId: string, clauseId: string) => string): HTMLElement {
  const rows: HTMLElement[] = [];
  const row = (label: string, value: string, span: Span | null) => {
    const dd = el('dd', {}, value);
    if (span) dd.append(' ', el('a', { href: hrefOf(facts.documentId, span.clauseId), class: 'fact-source' }, span.clauseId));
    rows.push(el('dt', {}, label), dd);
  };
  for (const p of facts.parties.filter((x) => x.role === 'controller' || x.role === 'operator')) {
    const details = [p.address, p.email, p.phone].filter(Boolean).join(' · ');
    row(p.role === 'controller' ? 'Controller' : 'Operator', `${p.name}${p.aliases.length ? ` (${p.aliases.join(', ')})` : ''}${details ? ` — ${details}` : ''}`, p.span);
  }
  const group = facts.parties.filter((x) => x.role === 'group');
  if (group.length) row('Group companies', group.map((p) => p.name).join('; '), group[0]!.span);
  const processors = facts.parties.filter((x) => x.role === 'processor');
  if (processors.length) row('Service providers', processors.map((p) => p.name).join(', '), processors[0]!.span);
  for (const c of facts.contacts.filter((x) => x.kind === 'dpo' || x.kind === 'privacy').slice(0, 3)) {
    row(c.kind === 'dpo' ? 'DPO contact' : 'Privacy contact', c.email ?? c.phone ?? c.address ?? '', c.span);
  }
  for (const t of facts.transfers.slice(0, 4)) {
    const where = [...t.countries.map(region), ...t.regions.map((r) => r.toUpperCase())].join(', ') || (t.general ? 'other countries' : '');
    const how = t.negated ? 'not transferred' : t.bases.length ? t.bases.join(', ') : t.conditional ? 'under conditions' : 'named';
    row('Transfers', `${where || 'abroad'}: ${how}`, t.span);
  }
  for (const r of facts.retention.slice(0, 4)) row('Retention', r.period, r.span);
  const rights = [...new Set(facts.rights.map((r) => r.right))];
  if (rights.length) row('Rights', rights.map((r) => RIGHT_NAMES[r]).join(', '), facts.rights[0]!.span);
  const age = facts.children.find((c) => c.minimumAge !== null);
  if (age) row('Minimum age', String(age.minimumAge), age.span);
  const dnt = facts.tracking.find((x) => x.kind === 'doNotTrack');
  const cookies = facts.tracking.find((x) => x.kind === 'cookies');
  if (cookies) row('Cookies', cookies.negated ? 'says it does not use them' : 'mentioned', cookies.span);
  if (dnt) row('Do Not Track', 'mentioned', dnt.span);
  const card = el('section', { class: 'summary-card', 'aria-label': 'What the policy states' }, el('h3', {}, 'What the policy states'));
  card.append(rows.length ? el('dl', {}, ...rows) : el('p', { class: 'muted' }, 'No facts recognised in this policy.'));
  return card;
}
