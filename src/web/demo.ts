/**
 * The demo page's "Try asking" list, built from the loaded documents' facts (shared/suggestions.ts)
 * instead of a fixed list; the page keeps its static examples if the server is not ready.
 */
import { getJson } from './shared/http.ts';
import { suggestionsFrom } from './shared/suggestions.ts';
import type { DocumentsResponse, FactsResponse } from './shared/wire.ts';

/** Documents whose facts are read for suggestions (the first ones listed). */
const DOCUMENTS_SUGGESTED = 3;

async function fill(list: HTMLElement): Promise<void> {
  const { documents } = await getJson<DocumentsResponse>('/v1/documents');
  const facts = await Promise.all(
    documents.slice(0, DOCUMENTS_SUGGESTED).map((d) => getJson<FactsResponse>(`/v1/documents/${encodeURIComponent(d.id)}/facts`)),
  );
  const suggestions = suggestionsFrom(facts);
  if (suggestions.length === 0) return;
  list.replaceChildren(
    ...suggestions.map((s) => {
      const li = document.createElement('li');
      li.textContent = s.question;
      li.dataset['expect'] = s.expect;
      li.dataset['document'] = s.documentId;
      return li;
    }),
  );
  list.dataset['source'] = 'facts';
}

function start(attempt = 0): void {
  const list = document.querySelector<HTMLElement>('.examples');
  if (!list) return;
  fill(list).catch(() => {
    // Not ready yet (503) or offline: try again a few times, keep the static list meanwhile.
    if (attempt < 10) window.setTimeout(() => start(attempt + 1), 1000);
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => start());
else start();
