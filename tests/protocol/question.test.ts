/** Question clean-up: what counts as empty and how long a question is. */
import t from 'tap';
import { checkQuestion, normaliseQuestion, questionLength } from '../../src/protocol/question.ts';

t.test('normaliseQuestion trims, NFC-normalises and strips invisible characters', async (t) => {
  t.equal(normaliseQuestion('  Is my data sold?  '), 'Is my data sold?');
  t.equal(normaliseQuestion('Cafe\u0301?'), 'Café?', 'NFC: e + combining acute → é');
  t.equal(normaliseQuestion('da\u200Bta\u200C\u200D\uFEFF'), 'data', 'zero-width characters removed');
  t.equal(normaliseQuestion('\u202Edata\u202C \u2066x\u2069'), 'data x', 'bidi overrides and isolates removed');
  t.equal(normaliseQuestion('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg'), 'abcdefg', 'C0, DEL and C1 controls removed');
  t.equal(normaliseQuestion('line one\nline\ttwo'), 'line one\nline\ttwo', 'newline and tab kept inside');
  t.equal(normaliseQuestion('a\r\nb'), 'a\nb', 'carriage return removed');
  t.equal(normaliseQuestion('Données personnelles — 日本へ?'), 'Données personnelles — 日本へ?', 'ordinary text untouched');
});

t.test('checkQuestion: empty and too long have their own codes', async (t) => {
  t.match(checkQuestion('', 10), { ok: false, code: 'empty_question' });
  t.match(checkQuestion(' \n\t ', 10), { ok: false, code: 'empty_question' });
  t.match(checkQuestion('\u200B\u202E\u0000\uFEFF', 10), { ok: false, code: 'empty_question' });
  t.match(checkQuestion('x'.repeat(11), 10), { ok: false, code: 'question_too_long' });
  t.same(checkQuestion(`  ${'x'.repeat(10)}\u200B  `, 10), { ok: true, question: 'x'.repeat(10) }, 'length is counted after clean-up');
  t.same(checkQuestion('😀'.repeat(10), 10), { ok: true, question: '😀'.repeat(10) }, 'an emoji counts as one character');
  t.equal(questionLength('😀a'), 2);
});
