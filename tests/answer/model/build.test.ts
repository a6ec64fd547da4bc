/** The policy model read from small synthetic policies: one behaviour per test. */
import t from 'tap';
import { parseDocument } from '../../../src/corpus/parse-document.ts';
import { buildPolicyModel } from '../../../src/answer/model/build.ts';

function model(text: string, file = 'acme-privacy.md') {
  const doc = parseDocument(file, text);
  return { doc, model: buildPolicyModel(doc) };
}

t.test('a controller heading over an address block gives the controller with its address and e-mail', async (t) => {
  const { doc, model: m } = model('# Privacy\n\n## Data controller\n\nNimbus Analytics OÜ  \nTartu, Estonia  \nContact: privacy@nimbus.example\n\n## Data\n\nWe collect little.\n');
  const c = m.parties.find((p) => p.role === 'controller')!;
  t.equal(c.name, 'Nimbus Analytics OÜ');
  t.equal(c.address, 'Tartu, Estonia');
  t.equal(c.email, 'privacy@nimbus.example');
  t.equal(c.country, 'EE');
  t.match(doc.text.slice(c.span.start, c.span.end), /Nimbus Analytics OÜ/);
});

t.test('"X is the data controller" resolves a trading name to its legal entity', async (t) => {
  const { model: m } = model('# Policy\n\nWhere you read "Quill" or "we", it refers to Quill, a trading name of Inkwell Systems Ltd., and its agents.\n\nQuill is the Data Controller for your data. You can write to us at dpo@quill.example.\n');
  const c = m.parties.find((p) => p.role === 'controller')!;
  t.equal(c.name, 'Inkwell Systems Ltd.');
  t.same(c.aliases, ['Quill']);
  t.ok(m.contacts.some((x) => x.kind === 'dpo' && x.email === 'dpo@quill.example'), 'a dpo@ address is the DPO contact');
});

t.test('"Name, street, town / country is the controller": the legal entity, not the country before the verb', async (t) => {
  const { model: m } = model('# Policy\n\n## Who is responsible\n\nHarbour Tools Oy, Satamakatu 3, 00160 Helsinki / Finland is the controller. Contact: privacy@harbour.example.\n');
  const c = m.parties.find((p) => p.role === 'controller')!;
  t.equal(c.name, 'Harbour Tools Oy');
  t.match(c.address ?? '', /Satamakatu 3/);
});

t.test('without a controller sentence the operator is read from "a service provided by" or the organisation named most', async (t) => {
  const a = model('# Policy\n\nBeacon is a service provided by Open Ledger Foundation, a nonprofit in Canada.\n\nWe keep logs.\n').model;
  t.same(a.parties.filter((p) => p.role === 'operator').map((p) => p.name), ['Open Ledger Foundation']);
  t.equal(a.parties[0]!.country, 'CA');
  const b = model('Privacy\n\nThe Lantern Foundation cares about privacy. The Lantern Foundation keeps no logs.\n', 'lantern.txt').model;
  t.equal(b.parties.find((p) => p.role === 'operator')?.name, 'Lantern Foundation');
});

t.test('rights are recognised when described without their names', async (t) => {
  const { model: m } = model('# Policy\n\n## Your rights\n\nYou can request a report of your data in a structured, commonly used and machine-readable format to facilitate its transfer.\n\nYou may lodge a complaint with your supervisory authority.\n');
  const rights = new Set(m.rights.map((r) => r.right));
  t.ok(rights.has('portability'));
  t.ok(rights.has('complaint'));
  t.notOk(rights.has('erasure'));
});

t.test('retention periods, minimum age, transfer rules and tracking statements keep their sentence', async (t) => {
  const { doc, model: m } = model('# Policy\n\n## Logs\n\nServer logs are deleted after 14 days.\n\n## Children\n\nIf you are under 16, please do not use the service.\n\n## Transfers\n\nWe transfer data to the United States only if standard contractual clauses are in place.\n\n## Cookies\n\nWe do not use cookies.\n');
  t.same(m.retention.map((r) => r.period), ['14 days']);
  t.same(m.children.map((c) => c.minimumAge), [16]);
  const rule = m.transfers[0]!;
  t.same(rule.countries, ['US']);
  t.same(rule.bases, ['standard contractual clauses']);
  t.ok(rule.conditional);
  const cookies = m.tracking.find((x) => x.kind === 'cookies')!;
  t.ok(cookies.negated);
  for (const f of [...m.retention, ...m.children, ...m.transfers, ...m.tracking]) {
    t.match(doc.text.slice(f.span.start, f.span.end), /\.$/, 'each span is a whole sentence');
  }
});

t.test('a policy that states none of these facts yields an empty model, not guesses', async (t) => {
  const { model: m } = model('# Notes\n\nThis page describes our office hours and parking.\n');
  t.same([m.parties, m.contacts, m.transfers, m.retention, m.rights, m.children], [[], [], [], [], [], []]);
});

t.test('identities: title, parties, e-mail domain and the brand written like it', async (t) => {
  const { model: m } = model('# Quill Privacy Policy\n\nQuill is the data controller; Quill is run by Inkwell Systems Ltd. Contact privacy@quill.example.\n');
  const names = m.identities.map((i) => i.name);
  t.ok(names.includes('Quill'));
  t.ok(names.includes('Inkwell Systems Ltd.') || names.includes('Inkwell Systems'));
});
