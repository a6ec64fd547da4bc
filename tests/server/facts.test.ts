/**
 * GET /v1/documents/:id/facts: each corpus's policy model, with its controller (or operator),
 * contacts and transfer rules pinned; every fact's excerpt is a verbatim slice of the text.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { buildTestApp, CORPUS_DIR, WEBPROS } from '../helper.ts';
import type { FactsResponse } from '../../src/protocol/facts.ts';

const REAL = fileURLToPath(new URL('../../../shared/eval/corpus-real/', import.meta.url));
const HARBOR = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

async function factsOf(t: Test, corpusDir: string, id: string): Promise<{ facts: FactsResponse; text: string }> {
  const app = await buildTestApp(t, { corpusDir });
  const res = await app.inject(`/v1/documents/${id}/facts`);
  t.equal(res.statusCode, 200, `${id}: 200`);
  const facts = res.json() as FactsResponse;
  const text = (await app.inject(`/v1/documents/${id}`)).json().text as string;
  const all = [facts.parties, facts.contacts, facts.transfers, facts.retention, facts.rights, facts.disclosures, facts.children, facts.tracking, facts.security].flat();
  t.ok(all.every((f) => text.slice(f.span.start, f.span.end) === f.span.excerpt), `${id}: every excerpt is verbatim`);
  return { facts, text };
}

const runs = (f: FactsResponse, role: string) => f.parties.filter((p) => p.role === role).map((p) => p.name);
const emails = (f: FactsResponse, kind?: string) => f.contacts.filter((c) => c.email && (!kind || c.kind === kind)).map((c) => c.email);

t.test('unknown document: the unknown_document error', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject('/v1/documents/no-such-policy/facts');
  t.equal(res.statusCode, 404);
  t.equal(res.json().error.code, 'unknown_document');
});

t.test('seed: group companies with addresses, the point of contact, transfer rules with their bases', async (t) => {
  const { facts } = await factsOf(t, CORPUS_DIR, WEBPROS);
  const group = facts.parties.filter((p) => p.role === 'group');
  t.equal(group.length, 12, 'the twelve listed group companies');
  t.equal(group.find((p) => p.name === 'WebPros Japan K.K.')?.country, 'JP');
  t.ok(facts.contacts.some((c) => c.address?.includes('Vordergasse 59')), 'the point of contact address block');
  const us = facts.transfers.find((r) => r.countries.includes('US') && r.bases.includes('standard contractual clauses'));
  t.ok(us, 'transfers to the USA under standard contractual clauses');
  t.ok(facts.transfers.some((r) => r.general && r.regions.includes('EU')), 'a general rule for countries outside the EU');
});

t.test('corpus-real policies', { skip: existsSync(REAL) ? false : `missing ${REAL}` }, async (t) => {
  t.test('plausible', async (t) => {
    const { facts } = await factsOf(t, REAL, 'plausible');
    const c = facts.parties.find((p) => p.role === 'controller')!;
    t.equal(c.name, 'Plausible Insights OÜ');
    t.match(c.address, /Tartu, Estonia/);
    t.same(emails(facts, 'privacy').slice(0, 1), ['privacy@plausible.io']);
    t.ok(runs(facts, 'processor').includes('Hetzner') && runs(facts, 'processor').includes('Paddle'), 'the subprocessors');
    t.ok(facts.transfers.some((r) => r.regions.includes('EU') && r.bases.includes('standard contractual clauses')), 'outside the EU: SCCs');
  });
  t.test('element', async (t) => {
    const { facts } = await factsOf(t, REAL, 'element');
    const c = facts.parties.find((p) => p.role === 'controller')!;
    t.match(c.name, /^New Vector Ltd/);
    t.ok(c.aliases.includes('Element'));
    t.match(c.address, /10 Queen Street Place, London, United Kingdom/);
    t.ok(emails(facts, 'dpo').includes('dpo@element.io'));
    t.ok(emails(facts, 'security').includes('security@element.io'));
    t.same(runs(facts, 'group').sort(), ['Element Software Inc', 'New Vector SARL']);
    t.ok(facts.children.some((x) => x.minimumAge === 16));
  });
  t.test('letsencrypt', async (t) => {
    const { facts } = await factsOf(t, REAL, 'letsencrypt');
    t.same(runs(facts, 'operator'), ['Internet Security Research Group']);
    t.ok(emails(facts, 'privacy').includes('privacy@abetterinternet.org'));
    t.ok(facts.transfers.some((r) => r.countries.includes('US')), 'transfers to the United States');
    t.ok(facts.rights.some((r) => r.right === 'portability'), 'portability described as "structured, commonly used, and portable"');
  });
  t.test('openfreemap', async (t) => {
    const { facts } = await factsOf(t, REAL, 'openfreemap');
    const op = facts.parties.find((p) => p.role === 'operator')!;
    t.equal(op.name, 'Hyperknot Software Kft.');
    t.equal(op.country, 'HU');
    t.same(emails(facts).sort(), ['privacy@openfreemap.org', 'security@openfreemap.org']);
    t.same(facts.transfers, [], 'no transfer rules');
    t.ok(facts.children.some((x) => x.minimumAge === 18));
  });
  t.test('kodi', async (t) => {
    const { facts } = await factsOf(t, REAL, 'kodi');
    t.same(runs(facts, 'operator'), ['XBMC Foundation']);
    t.same(facts.contacts, [], 'no e-mail, phone or postal address');
    t.ok(facts.children.some((x) => x.minimumAge === 13));
  });
});

t.test('fixture corpus: every document has a model', async (t) => {
  const app = await buildTestApp(t, { corpusDir: HARBOR });
  const docs = (await app.inject('/v1/documents')).json().documents as Array<{ id: string }>;
  for (const d of docs) t.equal((await app.inject(`/v1/documents/${d.id}/facts`)).statusCode, 200, d.id);
});
