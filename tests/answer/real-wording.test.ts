/**
 * Answers on the wordings real policies use and the gold sets' house style does not: hosting
 * places as transfers, "another country" as the rule for all others, inflected light verbs,
 * declines when the policy speaks of transfers but not of the country asked about.
 */
import t, { type Test } from 'tap';
import { parseDocument } from '../../src/corpus/load.ts';
import { ClauseIndex } from '../../src/search/clause-index.ts';
import { ask, assertVerbatim } from '../helper.ts';
import { answerQuestion, type AnswerResult } from '../../src/answer/answer-question.ts';
import type { Answer } from '../../src/answer/types.ts';

const GLOBAL = `# Lumen Player Privacy Policy

## What happens if Lumen is sold?

If we or substantially all of our assets are acquired by another organisation, the data we hold about our users will be one of the transferred assets.

## Where is your data?

We are a global project and our computers are in several places around the world. Your information might end up on a computer in another country, which may protect data less than yours does.
`;

const HOSTED = `# Relay Chat Privacy Notice

## Who else has access to my data?

Our admin server is hosted in a data centre in Frankfurt.

We also host the forum app on a cloud provider, in a datacenter in Canada.
`;

const global = ClauseIndex.build([parseDocument('lumen.md', GLOBAL)]);
const hosted = ClauseIndex.build([parseDocument('relay.md', HOSTED)]);


t.test('an inflected light verb ("gets") carries no topic: the question is about being bought', async (t) => {
  const a = ask(global, 'what happens to my data if lumen gets bought');
  t.equal(a.answerable, true, a.text);
  t.match(a.text, /acquired/);
  assertVerbatim(t, global, a);
});

t.test('"another country" states the rule for all others: a country the policy does not name is conditional', async (t) => {
  const a = ask(global, 'Is my data transferred to Brazil?');
  t.equal(a.answerable, true, a.text);
  t.equal(a.verdict, 'conditional');
  t.match(a.text, /around the world|another country/);
  assertVerbatim(t, global, a);
});

t.test('a sentence that hosts an app in a datacenter in a country answers a transfer to it', async (t) => {
  const a = ask(hosted, 'Is my data transferred to Canada?');
  t.equal(a.answerable, true, a.text);
  t.equal(a.verdict, 'yes');
  t.match(a.citations[0]!.excerpt, /Canada/);
  assertVerbatim(t, hosted, a);
});

t.test('transfers spoken of, but neither the country asked about nor a rule for others: declined, naming the closest passage', async (t) => {
  const a = ask(hosted, 'Is a transfer of my data to Japan covered by standard contractual clauses?');
  t.equal(a.answerable, false, a.text);
  t.equal(a.verdict, 'not_stated');
  t.match(a.text, /does not say/);
  t.ok(a.citations.length > 0, 'names the closest passage');
  assertVerbatim(t, hosted, a);
});

const rightsPolicy = (ipSentence: string) => `# Tern Maps Privacy Policy

## Contact

For questions about this policy, contact us at hello@tern.example.

## Logs

When you load a map, our servers may record your IP address in temporary log files.

## Your rights

You have the right to:

- Access any personal data we hold about you
- Request deletion of your data
- File a complaint with your local data protection authority

${ipSentence}

To exercise these rights, contact us at rights@tern.example.
`;
const rights = ClauseIndex.build([parseDocument('tern.md', rightsPolicy('Please note that we may be unable to delete information, including IP addresses, as it is needed to verify certificates.'))]);

t.test('a right asked about in the user\'s words is answered with the e-mail address to exercise it, from the right\'s own clause', async (t) => {
  const a = ask(rights, 'Can I ask you to delete my data?');
  t.equal(a.verdict, 'yes', a.text);
  t.match(a.text, /deletion/);
  t.match(a.text, /rights@tern\.example/);
  t.notMatch(a.text, /hello@tern\.example/);
  assertVerbatim(t, rights, a);
});

t.test('a right asked about an object: the statement of that right about it, its polarity the verdict', async (t) => {
  const hedged = ask(rights, 'can i get my ip addresses deleted from your records');
  t.equal(hedged.verdict, 'conditional', hedged.text);
  t.match(hedged.citations[0]!.excerpt, /unable to delete information, including IP addresses/);
  assertVerbatim(t, rights, hedged);
  const able = ClauseIndex.build([parseDocument('tern.md', rightsPolicy('Please note that we are able to delete information, including IP addresses, when you ask us to.'))]);
  const plain = ask(able, 'can i get my ip addresses deleted from your records');
  t.equal(plain.verdict, 'yes', plain.text);
  t.match(plain.citations[0]!.excerpt, /able to delete information, including IP addresses/);
});

t.test('a complaint right described without its name answers "who can I complain to", naming the authority and no company address', async (t) => {
  const a = ask(rights, 'Who can I complain to if Tern mishandles my data?');
  t.equal(a.answerable, true, a.text);
  t.match(a.text, /data protection authority/);
  t.notMatch(a.text, /@/);
  assertVerbatim(t, rights, a);
});

t.test('a practice of the company ("do you delete") is not a right of the user: no exercise contact', async (t) => {
  const a = ask(rights, 'Do you delete the server log files?');
  t.notMatch(a.text, /To exercise this right/);
});

t.test('how long: a long sentence naming the data takes no neighbour along; the neighbour with the period answers', async (t) => {
  const policy = `# Anchor CA Privacy Policy

## Subscriber

Anchor CA will collect various information related to certificate issuance, which includes the IP addresses from which you access the service, all resolved IP addresses for any requested identifiers, server information related to validation requests, full logs of all inbound ACME requests and all outbound validation requests, and information sent by your client software. We will store this information for a minimum of three years per root program requirements.

## Visitors

We keep newsletter subscriptions until you unsubscribe.
`;
  const index = ClauseIndex.build([parseDocument('anchor.md', policy)]);
  const a = ask(index, 'how long do you keep my acme request logs');
  t.equal(a.answerable, true, a.text);
  t.match(a.text, /three years/);
  assertVerbatim(t, index, a);
});

const LOGS = `# Tile Server Privacy Policy

## Information we collect

- **Server Logs:** We collect anonymized logs that include browser type and operating system.
- **IP Addresses (Temporary & Limited):** By default, we do not log IP addresses. However, if we detect abuse, we may enable IP logging for a maximum of 30 days to investigate and resolve the issue, after which those logs are deleted.

## Access

Support staff can access non-encrypted account data to answer your requests.

Nobody at the company can access encrypted data.
`;
const logs = ClauseIndex.build([parseDocument('tiles.md', LOGS)]);

t.test('a bold label before prose in a list item is a pseudo-heading, not a company the policy lists', async (t) => {
  const a = ask(logs, 'Do you log my IP address?');
  t.notMatch(a.text, /one of the companies/);
  t.ok(a.verdict === 'no' || a.verdict === 'conditional', `${a.verdict}: ${a.text}`);
  assertVerbatim(t, logs, a);
});

t.test('German verb forms of storing are read as "store": the question gets an answer, not a decline', async (t) => {
  const a = ask(logs, 'Speichert ihr meine IP-Adresse?');
  t.equal(a.answerable, true, a.text);
  t.ok(a.verdict !== null && a.verdict !== 'not_stated', `${a.verdict}`);
});

t.test('"non-encrypted data" is not encrypted data: the verdict comes from the sentence about encrypted data', async (t) => {
  const a = ask(logs, 'Can support staff access my encrypted data?');
  t.equal(a.verdict, 'no', a.text);
  t.match(a.text, /Nobody at the company can access encrypted data/);
  assertVerbatim(t, logs, a);
});

t.test('a transfer to a named country with its legal basis stated later in the same paragraph names that basis, citing its sentence', async (t) => {
  const policy = `# Pylon Privacy Policy

## Transfers

Your personal data may be transferred to jurisdictions where our service providers process data, including Canada. These jurisdictions may offer less protection than yours. We protect such transfers by entering into agreements using the standard contractual clauses approved by the European Commission.

## Retention

We keep account data while your account is open.
`;
  const index = ClauseIndex.build([parseDocument('pylon.md', policy)]);
  const a = ask(index, 'Is my data transferred to Canada?');
  t.equal(a.verdict, 'yes', a.text);
  t.match(a.text, /standard contractual clauses/i);
  t.ok(a.citations.some((c) => /standard contractual clauses/.test(c.excerpt)), 'cites the sentence naming the basis');
  assertVerbatim(t, index, a);
});

t.test('a yes/no question is answered by a sentence that states or denies what it asks, when one answers', async (t) => {
  const policy = `# Meadow Analytics Privacy Policy

## As a visitor to our website

As a visitor to the meadow.example website:

- No personal data about visitors is collected or stored
- No information such as cookies is stored in the browser

We use our own analytics on the site to collect anonymous usage data. Data collected when you visit the site includes referral sources, top pages, visit duration and the device and browser used during your visit to the site.
`;
  const index = ClauseIndex.build([parseDocument('meadow.md', policy)]);
  const a = ask(index, 'does meadow put cookies in my browser when i just visit the site');
  t.equal(a.verdict, 'no', a.text);
  t.match(a.text, /cookies/);
  assertVerbatim(t, index, a);
});

t.test('"where are your servers located" is answered by the sentence naming the place, not declined for lacking "located"', async (t) => {
  const policy = `# Quartz Stats Privacy Policy

## What we collect

An email address is required to create an account.

All of the data that we collect is kept secured, encrypted and hosted on servers powered by renewable energy in Nuremberg, Germany. Your site data never leaves the EU.

## Cookies

A first-party cookie keeps you logged in.
`;
  const index = ClauseIndex.build([parseDocument('quartz.md', policy)]);
  const a = ask(index, 'where are your servers physically located');
  t.equal(a.answerable, true, a.text);
  t.match(a.text, /Nuremberg, Germany/);
  assertVerbatim(t, index, a);
});

t.test('a follow-up naming a country is answered by the sentence naming one of its cities', async (t) => {
  const a = ask(hosted, 'Where is my data hosted?', 'is any of it in germany');
  t.equal(a.answerable, true, a.text);
  t.equal(a.verdict, 'yes');
  t.match(a.text, /Frankfurt/);
  assertVerbatim(t, hosted, a);
});

t.test('"will you tell me if …" asks about being notified (tell and know are stop words elsewhere)', async (t) => {
  const policy = `# Tally Notes Privacy Policy

## Law enforcement requests

We may disclose information about you when the law requires it, such as under a court order. If we are required by law to disclose your information, we will attempt to give you prior notice, unless we are prohibited from doing so.

## Your rights

You can ask us to stop using your information, including when we use your information to send you emails. You can ask us for a copy of your information.
`;
  const index = ClauseIndex.build([parseDocument('tally.md', policy)]);
  const a = ask(index, 'will you tell me if the police ask for my data');
  t.equal(a.answerable, true, a.text);
  t.match(a.citations[0]!.excerpt, /prior notice/);
  t.equal(a.verdict, 'conditional');
  assertVerbatim(t, index, a);
});

t.test('the words an answer adds around its quote are in the question\'s language: verdict, how to exercise a right, declines', async (t) => {
  const policy = `# Fern Notes Privacy Policy

## Your rights

You can ask us to delete your data at any time.

To exercise these rights, write to privacy@fern.example.

## Cookies

We do not use cookies.
`;
  const index = ClauseIndex.build([parseDocument('fern.md', policy)]);
  const fr = ask(index, 'Puis-je demander la suppression de mes données ?');
  t.match(fr.text, /^Oui\. /, fr.text);
  t.match(fr.text, /Pour exercer ce droit : privacy@fern\.example\.$/);
  const de = ask(index, 'Kann ich meine Daten löschen lassen?');
  t.match(de.text, /^Ja\. .*Um dieses Recht auszuüben: privacy@fern\.example\.$/, de.text);
  const es = ask(index, '¿Puedo pedir que borren mis datos?');
  t.match(es.text, /^Sí\. .*Para ejercer este derecho: privacy@fern\.example\.$/, es.text);
  const it = ask(index, 'Posso chiedere la cancellazione dei miei dati?');
  t.match(it.text, /^Sì\. .*Per esercitare questo diritto: privacy@fern\.example\.$/, it.text);
  const en = ask(index, 'Can I ask you to delete my data?');
  t.match(en.text, /^Yes\. .*To exercise this right: privacy@fern\.example\.$/, en.text);
  const declined = ask(index, 'Wie ist das Wetter morgen?');
  t.equal(declined.answerable, false);
  t.match(declined.text, /^Die Richtlinie/, declined.text);
  t.notMatch(declined.text, /The policy/);
});

t.test('a list item is read with the sentence that introduces it: "We do not collect:" denies each item', async (t) => {
  const policy = `# Tilemap Privacy Policy

## Information we do not collect

We do not collect or process:

- User accounts or authentication data
- Payment information
- Email addresses (except when you contact us directly)

## Information we collect

We collect anonymised server logs that include browser type and referring pages.
`;
  const index = ClauseIndex.build([parseDocument('tilemap.md', policy)]);
  const accounts = ask(index, 'do you have user accounts');
  t.equal(accounts.verdict, 'no', accounts.text);
  t.match(accounts.text, /^No\. We do not collect or process: User accounts/);
  assertVerbatim(t, index, accounts);
  // "credit card" stands for the payment concept: its synonyms ("payment") count for both words.
  const card = ask(index, 'do you collect my credit card details');
  t.equal(card.answerable, true, card.text);
  t.equal(card.verdict, 'no', card.text);
  t.match(card.text, /Payment information/);
  assertVerbatim(t, index, card);
});

t.test('"who is the DPO" is answered with how to reach the DPO; its name, which the policy does not give, is declined; "who are you sharing with" is not "who are you"', async (t) => {
  const policy = `# Quill Chat Privacy Policy

## Who we are

Quill Chat is operated by Quill Labs Ltd, 1 Mill Lane, Leeds, United Kingdom. Quill Labs Ltd is the data controller.

You can reach our data protection officer at dpo@quill.example.

## Sharing

We share your data with our hosting provider and with our payment processor, and with nobody else.
`;
  const index = ClauseIndex.build([parseDocument('quill.md', policy)]);
  const who = ask(index, 'who is the dpo');
  t.equal(who.answerable, true, who.text);
  t.match(who.text, /dpo@quill\.example/);
  const name = ask(index, "what is the DPO's name");
  t.equal(name.answerable, false, name.text);
  const sharing = ask(index, 'who r u sharing with');
  t.equal(sharing.answerable, true, sharing.text);
  t.match(sharing.text, /hosting provider/);
  t.notMatch(sharing.text, /data controller is/);
  assertVerbatim(t, index, sharing);
  t.match(ask(index, 'who are you?').text, /data controller is Quill Labs Ltd/);
});

t.test('"do you X, and if so, how long?" takes its verdict from the first part read alone, and gives the period too', async (t) => {
  const policy = `# Beacon Maps Privacy Policy

## What we collect

We do not store IP addresses in our regular server logs.

## Retention

We retain anonymised server logs indefinitely. Any logs containing IP addresses collected during security incidents are deleted after a maximum of 30 days.
`;
  const index = ClauseIndex.build([parseDocument('beacon.md', policy)]);
  for (const q of ['Do you store my IP address, and if so, how long?', 'Speichert ihr meine IP-Adresse, und wenn ja, wie lange?']) {
    const a = ask(index, q);
    t.equal(a.verdict, 'no', a.text);
    t.match(a.text, /^(No|Nein)\. We do not store IP addresses/);
    t.match(a.text, /30 days/);
    t.ok(a.citations.every((c, i) => i === 0 || c.score <= a.citations[0]!.score), 'citations best first');
    assertVerbatim(t, index, a);
  }
  t.equal(ask(index, 'Do you store my IP address?').verdict, 'no');
});
