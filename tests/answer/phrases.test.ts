/** say(): the answer's fixed phrases in the question's language, placeholders filled. */
import t from 'tap';
import { say } from '../../src/answer/phrases.ts';

t.test('placeholders are filled, in the language asked, English when the language has no such phrase', async (t) => {
  t.equal(say('en', 'contact', { email: 'privacy@acme.example' }), 'Contact: privacy@acme.example.');
  t.equal(say('en', 'controller', { party: 'Acme Cloud GmbH' }), 'The data controller is Acme Cloud GmbH.');
  t.not(say('de', 'controller', { party: 'Acme Cloud GmbH' }), say('en', 'controller', { party: 'Acme Cloud GmbH' }), 'German has its own');
});

t.test('a value ending in a full stop before the phrase\'s own stop gives one stop', async (t) => {
  t.equal(say('en', 'controller', { party: 'Acme Ltd.' }), 'The data controller is Acme Ltd.');
  t.equal(say('en', 'contact', { email: 'privacy@acme.example' }).endsWith('..'), false);
});
