/**
 * YAML front matter of a Markdown policy: metadata, not text. The title and the dates are
 * kept; everything else (layout, permalink, tags) is dropped.
 */
import { parse } from 'yaml';
import type { ParsedMetadata } from './parsed.ts';

const UPDATED = /^(?:last[-_ ]?)?(?:updated|modified|revised|changed)(?:[-_ ]?(?:at|on|date))?$|^last[-_ ]?(?:update|modification|revision)$|^(?:date[-_ ]?)?(?:updated|modified)$|^date$/i;
const EFFECTIVE = /^effective(?:[-_ ]?(?:date|from|since|on|at))?$|^(?:in[-_ ]?force|valid)[-_ ]?(?:since|from)$/i;

function asText(v: unknown): string | undefined {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || undefined;
  return undefined;
}

export function frontMatterMetadata(yaml: string): ParsedMetadata {
  let data: unknown;
  try {
    data = parse(yaml);
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const out: ParsedMetadata = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const v = asText(value);
    if (v === undefined) continue;
    if (/^title$/i.test(key)) out.title = v;
    else if (EFFECTIVE.test(key)) out.effective ??= v;
    else if (UPDATED.test(key)) {
      // `date` is the weakest name: a more specific "updated" key wins.
      if (/^date$/i.test(key)) out.lastUpdated ??= v;
      else out.lastUpdated = v;
    }
  }
  return out;
}
