/**
 * Question clean-up shared by the WebSocket and HTTP APIs, so both accept and reject the
 * same questions with the same codes.
 */
import type { ErrorCode } from '../errors.ts';

/**
 * Characters removed before a question is checked or answered:
 * - C0 controls except TAB (U+0009) and LF (U+000A), DEL, C1 controls (U+0080–U+009F);
 * - bidi embeddings/overrides U+202A–U+202E, isolates U+2066–U+2069, marks U+200E/U+200F;
 * - zero-width space/joiners U+200B–U+200D, word joiner U+2060, BOM / ZWNBSP U+FEFF.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** NFC-normalise, strip control/format characters, trim. */
export function normaliseQuestion(raw: string): string {
  // Printable ASCII (most questions) is already NFC and holds none of the characters removed.
  if (isPrintableAscii(raw)) return raw.trim();
  return raw.normalize('NFC').replace(INVISIBLE, '').trim();
}

/** True when every character is printable ASCII: nothing to normalise or escape, checked without a regular expression. */
export function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Length in Unicode code points (what a user would call characters; an emoji counts once). */
export function questionLength(question: string): number {
  let n = 0;
  for (const _ of question) n++;
  return n;
}

export type QuestionCheck =
  | { ok: true; question: string }
  | { ok: false; code: Extract<ErrorCode, 'empty_question' | 'question_too_long'>; detail: string };

/** Normalise `raw` and check it is non-empty and at most `maxLength` characters. */
export function checkQuestion(raw: string, maxLength: number): QuestionCheck {
  const question = normaliseQuestion(raw);
  if (question.length === 0) {
    return { ok: false, code: 'empty_question', detail: 'nothing is left after removing whitespace and invisible characters' };
  }
  const length = questionLength(question);
  if (length > maxLength) {
    return { ok: false, code: 'question_too_long', detail: `${length} characters, the limit is ${maxLength}` };
  }
  return { ok: true, question };
}
