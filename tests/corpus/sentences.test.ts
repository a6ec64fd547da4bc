import t from 'tap';
import { sentencesOf, splitSentences } from '../../src/corpus/sentences.ts';

function split(text: string): string[] {
  return splitSentences(text, { start: 0, end: text.length }).map((s) => text.slice(s.start, s.end));
}

t.test('abbreviations inside a sentence do not end it', async (t) => {
  const cases: [string, string[]][] = [
    ['We rely on Art. 45 para. 3 GDPR for Japan. Next sentence.', ['We rely on Art. 45 para. 3 GDPR for Japan.', 'Next sentence.']],
    ['Based on Art. 6 para. 1 lit. f GDPR in a well-run company.', ['Based on Art. 6 para. 1 lit. f GDPR in a well-run company.']],
    [
      'Countries (e.g. the EU Member States and the USA under the Swiss-U.S. Data Privacy Framework) qualify. Others do not.',
      ['Countries (e.g. the EU Member States and the USA under the Swiss-U.S. Data Privacy Framework) qualify.', 'Others do not.'],
    ],
    ['It is certified under the EU-U.S. Data Privacy Framework. We host in Germany.', ['It is certified under the EU-U.S. Data Privacy Framework.', 'We host in Germany.']],
    ['Ask Mr. Jones or Dr. Smith, cf. Sec. 4. They reply fast.', ['Ask Mr. Jones or Dr. Smith, cf. Sec. 4.', 'They reply fast.']],
    ['Write to Acme Ltd. Vordergasse 59 or Beta Inc. Main St. Berlin today.', ['Write to Acme Ltd. Vordergasse 59 or Beta Inc. Main St. Berlin today.']],
    ['Data of customers vs. prospects, i.e. leads, is kept approx. 12 months.', ['Data of customers vs. prospects, i.e. leads, is kept approx. 12 months.']],
    ['See No. 5 of the annex. It lists recipients.', ['See No. 5 of the annex.', 'It lists recipients.']],
    ['Requests go to J. R. Miller, our officer. He answers.', ['Requests go to J. R. Miller, our officer.', 'He answers.']],
    ['We store names, e-mails, etc. in the CRM. We delete them yearly.', ['We store names, e-mails, etc. in the CRM.', 'We delete them yearly.']],
    ['We store names, e-mails, etc. The CRM is hosted in Zurich.', ['We store names, e-mails, etc.', 'The CRM is hosted in Zurich.']],
    ['Our affiliate is Example B.V. Amsterdam handles billing.', ['Our affiliate is Example B.V. Amsterdam handles billing.']],
  ];
  for (const [text, expected] of cases) t.same(split(text), expected, text);
});

t.test('a real sentence start after a period is kept', async (t) => {
  t.same(split('Local laws apply in effect. E.g. for Europe, both, the GDPR and the DSG apply.'), [
    'Local laws apply in effect.',
    'E.g. for Europe, both, the GDPR and the DSG apply.',
  ]);
  t.same(split('We sell to the U.S. We also sell to Canada.'), ['We sell to the U.S.', 'We also sell to Canada.']);
  t.same(split('Is it safe? Yes! It is.'), ['Is it safe?', 'Yes!', 'It is.']);
});

t.test('spans are verbatim, trimmed and inside the given span', async (t) => {
  const text = 'xx   First one.  Second one.   yy';
  const spans = splitSentences(text, { start: 2, end: text.length - 2 });
  t.same(spans.map((s) => text.slice(s.start, s.end)), ['First one.', 'Second one.']);
  t.same(splitSentences('    ', { start: 0, end: 4 }), []);
});

t.test('soft line wraps are not sentence breaks; line breaks after a full stop are', async (t) => {
  t.same(split('We keep your name and\naddress for billing.\nWe delete it later.'), ['We keep your name and\naddress for billing.', 'We delete it later.']);
});

t.test('sentencesOf: a lines block is one unit', async (t) => {
  const text = 'Acme GmbH\nMain Street 1\n8000 Zurich';
  t.same(sentencesOf(text, { kind: 'lines', start: 0, end: text.length }), [{ start: 0, end: text.length }]);
  const prose = 'One. Two.';
  t.same(sentencesOf(prose, { kind: 'paragraph', start: 0, end: prose.length }), [{ start: 0, end: 4 }, { start: 5, end: 9 }]);
});

t.test('long blocks are split the same way (segmented in pieces)', async (t) => {
  const sentence = 'We rely on Art. 45 para. 3 GDPR (e.g. for Japan, cf. Sec. 4) and U.S. Data Privacy Framework rules.';
  const text = Array(300).fill(sentence).join(' ');
  const got = split(text);
  t.equal(got.length, 300);
  t.ok(got.every((s) => s === sentence));
  const runOn = Array(1500).fill('word').join(' ');
  t.same(split(runOn), [runOn], 'a long text without punctuation stays one sentence');
});
