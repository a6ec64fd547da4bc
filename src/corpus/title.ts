import type { ParsedBody, ParsedHeading } from './parsed.ts';

/**
 * Markdown `#` and HTML `<h1>`: a single level-1 heading that comes before every other
 * heading names the document; it becomes the title and is left out of the clause tree.
 * Several level-1 headings are ordinary top-level clauses.
 */
export function takeTitle(body: ParsedBody): ParsedBody {
  const headings = body.items.filter((it): it is ParsedHeading => it.type === 'heading');
  const top = headings.filter((h) => h.level === 1);
  const only = top[0];
  if (only === undefined || top.length !== 1 || only !== headings[0]) return body;
  const title = body.text.slice(only.headingSpan.start, only.headingSpan.end);
  return { ...body, title, items: body.items.filter((it) => it !== only) };
}
