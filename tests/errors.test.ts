/** The error table in src/errors.ts and the one in docs/errors.md must list the same rows. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ERRORS, ERROR_CODES } from '../src/errors.ts';

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');

/** Rows of the markdown table whose first cell is a `code`. */
function docRows(): Map<string, { status: number; message: string }> {
  const rows = new Map<string, { status: number; message: string }>();
  for (const line of doc.split('\n')) {
    const m = /^\|\s*`([a-z0-9_]+)`\s*\|\s*(\d{3})\s*\|\s*(.*?)\s*\|/.exec(line);
    if (m) rows.set(m[1]!, { status: Number(m[2]), message: m[3]! });
  }
  return rows;
}

t.test('every code in src/errors.ts is documented with the same status and message', async (t) => {
  const rows = docRows();
  for (const code of ERROR_CODES) {
    const row = rows.get(code);
    t.ok(row, `${code} is in docs/errors.md`);
    if (!row) continue;
    t.equal(row.status, ERRORS[code].status, `${code}: same status`);
    t.equal(row.message, ERRORS[code].message, `${code}: same message`);
  }
});

t.test('docs/errors.md lists no code that src/errors.ts lacks', async (t) => {
  const extra = [...docRows().keys()].filter((code) => !(ERROR_CODES as string[]).includes(code));
  t.same(extra, [], 'no undocumented extras');
});

t.test('codes are stable snake_case and include the ones the protocol promises', async (t) => {
  for (const code of ERROR_CODES) t.match(code, /^[a-z]+(_[a-z]+)*$/, `${code} is snake_case`);
  for (const code of [
    'invalid_json', 'invalid_message', 'unknown_type', 'empty_question', 'question_too_long', 'invalid_id',
    'unknown_document', 'too_many_inflight', 'not_ready', 'not_found', 'invalid_body', 'internal_error',
    'rate_limited', 'unauthorized',
  ]) {
    t.ok(code in ERRORS, `${code} exists`);
  }
});
