import t from 'tap';
import { askedSpans, askedTerm, localiseLead, verdictOf } from '../../src/answer/verdict.ts';
import { termsOf, tokenize } from '../../src/text/analyze.ts';

t.test('negation, condition and plain statements', async (t) => {
  t.equal(verdictOf('We do not use advertising or tracking cookies.'), 'no');
  t.equal(verdictOf('Such company is not certified under the framework.'), 'no');
  t.equal(verdictOf('We check your driving licence only if you rent a moped.'), 'conditional');
  t.equal(verdictOf('Data will only be transferred abroad unless safeguards are in place.'), 'conditional');
  t.equal(verdictOf('We record IP addresses and browser type.'), 'yes');
  t.equal(verdictOf('You may ask for a copy of your data.'), 'yes', '"may" grants, it does not condition');
});

t.test('a negation elsewhere in the sentence does not flip the part asked about', async (t) => {
  const s = 'We do not sell your data, but we use analytics cookies.';
  const at = s.indexOf('analytics');
  t.equal(verdictOf(s, [[at, at + 9]]), 'yes');
  const sell = s.indexOf('sell');
  t.equal(verdictOf(s, [[sell, sell + 4]]), 'no');
});

t.test('parts of a sentence about the question that disagree make a conditional', async (t) => {
  const s = 'We use encryption to protect your information, but no method of transmission is completely secure.';
  const spans = ['protect', 'secure'].map((w) => [s.indexOf(w), s.indexOf(w) + w.length] as [number, number]);
  t.equal(verdictOf(s, spans), 'conditional');
  t.equal(verdictOf(s, spans.slice(0, 1)), 'yes');
});

t.test('pairs of sentences that differ only in polarity get opposite verdicts', async (t) => {
  const pairs: Array<[string, string, string]> = [
    ['We share your data with our service providers.', 'We never share your data with our service providers.', 'no'],
    ['Nobody at the company is able to access encrypted data.', 'Our engineers are able to access encrypted data.', 'yes'],
    ['We are unable to delete backups.', 'We are able to delete backups.', 'yes'],
    ['These logs contain IP addresses.', 'These logs do not contain IP addresses.', 'no'],
  ];
  for (const [a, b, bVerdict] of pairs) {
    const [first, second] = bVerdict === 'no' ? [a, b] : [b, a];
    t.equal(verdictOf(first), 'yes', first);
    t.equal(verdictOf(second), 'no', second);
  }
});

t.test('conditions, hedges and negation words that deny nothing', async (t) => {
  t.equal(verdictOf('We do not share your data unless you consent.'), 'conditional', 'negation with "unless"');
  t.equal(verdictOf('We do not share your data except with our payment processor.'), 'conditional', 'negation with "except"');
  t.equal(verdictOf('We may be unable to delete data we must keep by law.'), 'conditional', '"may be unable to" hedges');
  t.equal(verdictOf('If you are under 13, we do not want your personal information.'), 'no', 'a plain "if" does not soften a denial');
  t.equal(verdictOf('We collect data including, but not limited to, your name.'), 'yes', '"not limited to" denies nothing');
  t.equal(verdictOf('Logs are kept no longer than 30 days.'), 'yes', '"no longer than" denies nothing');
  t.equal(verdictOf('We collect download statistics provided by the app store.'), 'yes', '"provided by" is no condition');
});

t.test('the asked thing: the action, else the most telling word; names and light verbs only when nothing else', async (t) => {
  const term = (word: string, idf: number, argument = false) => ({ term: word, forms: [{ term: word, weight: 1 }], idf, argument });
  t.equal(askedTerm([term('share', 2), term('data', 1), term('third', 3)])?.term, 'share');
  t.equal(askedTerm([term('put', 5), term('cooki', 3), term('browser', 2)])?.term, 'cooki', 'a light verb is not what is asked');
  t.equal(askedTerm([term('encrypt', 2), term('sell', 3)], new Set(['encrypt']))?.term, 'sell', '"Let\'s Encrypt" is a name');
  t.equal(askedTerm([term('uk', 3), term('appli', 2)], new Set(['uk']))?.term, 'uk', 'a name when nothing else is asked');
});

t.test('a sentence that does not speak of the asked thing gives no verdict', async (t) => {
  const sell = { term: 'sell', forms: [{ term: 'sell', weight: 1 }, { term: 'sold', weight: 0.6 }], idf: 3, argument: false };
  const share = { term: 'share', forms: [{ term: 'share', weight: 1 }, { term: 'disclos', weight: 0.6 }], idf: 3, argument: false };
  const sentence = 'We do not sell your data.';
  const unit = { start: 0, terms: new Set(termsOf(sentence)), tokens: tokenize(sentence) };
  t.same(askedSpans(sell, unit), [[10, 14]]);
  t.equal(askedSpans(share, unit), null, '"we do not sell" says nothing about sharing');
  const delet = { term: 'delet', forms: [{ term: 'delet', weight: 1 }], idf: 3, argument: false };
  const record = 'Our servers may automatically record your IP address.';
  t.equal(askedSpans(delet, { start: 0, terms: new Set(termsOf(record)), tokens: tokenize(record) }), null, 'recording is not deleting');
  const store = { term: 'store', forms: [{ term: 'store', weight: 1 }], idf: 3, argument: false };
  t.ok(askedSpans(store, { start: 0, terms: new Set(termsOf(record)), tokens: tokenize(record) }), 'recording is a way of storing');
});

t.test('verdict leads in the question\'s language', async (t) => {
  t.equal(localiseLead('Yes. We keep it.', 'yes', 'de'), 'Ja. We keep it.');
  t.equal(localiseLead('No. We do not sell it.', 'no', 'es'), 'No. We do not sell it.');
  t.equal(localiseLead('Yes. We keep it.', 'yes', 'fr'), 'Oui. We keep it.');
  t.equal(localiseLead('Yes. We keep it.', 'yes', 'it'), 'Sì. We keep it.');
  t.equal(localiseLead('Yes, under conditions. Transfers need safeguards.', 'conditional', 'es'), 'Solo bajo condiciones. Transfers need safeguards.');
  t.equal(localiseLead('Yes. We keep it.', 'yes', 'en'), 'Yes. We keep it.');
});

/** The verdict of `s` about its word `w` (the span a question's term matched). */
const verdictAbout = (s: string, w: string) => verdictOf(s, [[s.indexOf(w), s.indexOf(w) + w.length]]);

t.test('a condition fronted before the main clause governs it, across the comma', async (t) => {
  t.equal(verdictAbout('With your consent, we may use your email address to send you news.', 'use'), 'conditional');
  t.equal(verdictAbout('As a subscriber, we may use your email address to send you news.', 'use'), 'yes', 'a fronted phrase that sets no condition changes nothing');
  t.equal(verdictAbout('We send newsletters only with your consent, which you can withdraw at any time.', 'withdraw'), 'yes', 'a condition inside the first clause is no fronted condition');
  t.equal(verdictOf('If you are under 13, we do not want your personal information.'), 'no', 'a plain "if" still does not soften a denial');
});

t.test('a negative subject before a parenthetical comma governs the main clause', async (t) => {
  t.equal(verdictAbout('Nobody at the company, or any of our processors, is able to access encrypted data.', 'access'), 'no');
  t.equal(verdictAbout('Staff at the company, and some of our processors, are able to access encrypted data.', 'access'), 'yes');
});

t.test('"without" that only says how (without undue delay, without charge) denies nothing; "without IP addresses" does', async (t) => {
  t.equal(verdictOf('All your data will be permanently deleted without undue delay upon account deletion.'), 'yes');
  t.equal(verdictOf('All your data will be permanently deleted upon account deletion.'), 'yes');
  t.equal(verdictOf('You can get a copy of your data without charge.'), 'yes');
  t.equal(verdictOf('We keep server logs without IP addresses.'), 'no');
});

t.test('"in the event that" states a condition', async (t) => {
  t.equal(verdictOf('In the event that we sell our business, we may disclose your personal data to the buyer.'), 'conditional');
  t.equal(verdictOf('We may disclose your personal data to the buyer of our business.'), 'yes');
});
