/** src/config.ts: defaults, bounds, errors that name the variable; README documents every variable. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ConfigError, describeEnv, loadConfig } from '../src/config.ts';

t.test('defaults', async (t) => {
  t.same(loadConfig({}), {
    port: 3000,
    host: '127.0.0.1',
    corpusDir: './corpus',
    logLevel: 'info',
    maxQuestionLength: 1000,
    wsMaxPayload: 32768,
    wsMaxInflight: 8,
  });
});

t.test('values are read and coerced', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    CORPUS_DIR: '/data/policies',
    LOG_LEVEL: 'debug',
    MAX_QUESTION_LENGTH: '200',
    WS_MAX_PAYLOAD: '1024',
    WS_MAX_INFLIGHT: '2',
  });
  t.match(config, { port: 8080, host: '0.0.0.0', corpusDir: '/data/policies', logLevel: 'debug', maxQuestionLength: 200, wsMaxPayload: 1024, wsMaxInflight: 2 });
  t.equal(loadConfig({ PORT: '' }).port, 3000, 'an empty variable counts as unset');
  t.equal(loadConfig({ WS_MAX_PAYLOAD: '1048576' }).wsMaxPayload, 1048576, 'upper bound allowed');
});

t.test('a bad setting throws a ConfigError naming the variable', async (t) => {
  const bad: Array<[Record<string, string>, string]> = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ WS_MAX_PAYLOAD: '1023' }, 'WS_MAX_PAYLOAD'],
    [{ WS_MAX_PAYLOAD: '1048577' }, 'WS_MAX_PAYLOAD'],
    [{ WS_MAX_PAYLOAD: '2.5' }, 'WS_MAX_PAYLOAD'],
    [{ WS_MAX_INFLIGHT: '0' }, 'WS_MAX_INFLIGHT'],
    [{ MAX_QUESTION_LENGTH: '-1' }, 'MAX_QUESTION_LENGTH'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ];
  for (const [env, name] of bad) {
    const err = t.throws(() => loadConfig(env), ConfigError, `${JSON.stringify(env)} is rejected`) as unknown as ConfigError;
    t.match(err.message, new RegExp(`\\b${name}\\b`), `the message names ${name}`);
    t.same(err.variables, [name]);
  }
  const both = t.throws(() => loadConfig({ PORT: 'x', WS_MAX_INFLIGHT: 'y' })) as unknown as ConfigError;
  t.same(both.variables.sort(), ['PORT', 'WS_MAX_INFLIGHT'], 'every bad variable is reported at once');
});

t.test('every variable is described and in the README configuration table', async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const { name, description } of describeEnv()) {
    t.ok(description.length > 10, `${name} has a description`);
    t.match(readme, new RegExp(`^\\|\\s*\`${name}\``, 'm'), `${name} is in the README table`);
  }
});
