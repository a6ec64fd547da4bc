import t from 'tap';
import { analyzeQuestion } from '../../src/answer/question.ts';
import { expandInformal } from '../../src/answer/informal.ts';
import { detectLanguage, parseQuery } from '../../src/search/query.ts';
import { tokenize } from '../../src/text/analyze.ts';

const read = (q: string) => analyzeQuestion(parseQuery(expandInformal(q, detectLanguage(tokenize(q)))));

t.test('yes/no questions in any part of the question and in five languages', async (t) => {
  for (const q of [
    'Do you sell my data?',
    'I live in France. Can I complain to a regulator?',
    'If my browser checks whether a certificate is revoked, do you log my IP?',
    'Est-ce que vous vendez mes données ?',
    'Mon fils a 11 ans, peut-il vous envoyer ses informations personnelles ?',
    '¿Kodi usa mis datos para decidir en qué plataformas trabajar?',
    '¿Puedo pedir que corrijan mis datos?',
    'Werden meine Daten in die USA übermittelt?',
    'Vendete i miei dati?',
    'do u sell my data',
  ]) {
    t.equal(read(q).yesNo, true, q);
  }
  for (const q of ['Who is the data controller?', '¿Dónde están alojados los servidores?', 'What happens if I delete my account, can I get it back?', 'wat r my rights', 'Data retention?']) {
    t.equal(read(q).yesNo, false, q);
  }
});

t.test('informal spelling is read as the words it stands for', async (t) => {
  t.equal(expandInformal('do u sell ur data', 'en'), 'do you sell your data');
  t.equal(expandInformal('wat r my rights', 'en'), 'what are my rights');
  t.equal(read('wat r my rights').wh, 'which');
  t.equal(expandInformal('¿y u?', 'es'), '¿y u?', 'other languages are left alone');
});
