/**
 * The support-agent console at /agent: instant search over every clause (`GET /v1/search`), the
 * matched clause with its highlights, a copy-citation button, and the whole document with its
 * clause tree (`GET /v1/documents/:id`). Deep links: `/agent#<documentId>/<clauseId>` opens a
 * clause, `/agent#<documentId>` a document.
 *
 * A classic script (no framework, no inline handlers); every text from the server goes into the
 * page through textContent or text nodes, never innerHTML, so a policy containing markup shows
 * it as text.
 */
import { appendMarked, el } from './shared/dom.ts';
import { documentLoader, getJson, HttpError } from './shared/http.ts';
import type { ClauseSummary, DocumentsResponse, FactsResponse, PolicyDocument, SearchHit, SearchResponse } from './shared/wire.ts';
import { summaryCard } from './shared/summary-card.ts';

(() => {
  // --- DOM helpers -------------------------------------------------------------------------

  function byId<T extends HTMLElement>(id: string): T {
    const node = document.getElementById(id);
    if (!node) throw new Error(`#${id} is missing from agent.html`);
    return node as T;
  }

  const input = byId<HTMLInputElement>('q');
  const form = byId<HTMLFormElement>('search-form');
  const status = byId<HTMLParagraphElement>('search-status');
  const results = byId<HTMLOListElement>('results');
  const docSelect = byId<HTMLSelectElement>('doc-select');
  const view = byId<HTMLElement>('view');
  const empty = byId<HTMLParagraphElement>('empty');
  const selected = byId<HTMLElement>('selected');
  const selectedTitle = byId<HTMLHeadingElement>('selected-title');
  const selectedDoc = byId<HTMLParagraphElement>('selected-doc');
  const selectedExcerpt = byId<HTMLQuoteElement>('selected-excerpt');
  const copyBtn = byId<HTMLButtonElement>('copy');
  const permalink = byId<HTMLAnchorElement>('permalink');
  const copyStatus = byId<HTMLParagraphElement>('copy-status');
  const copyFallback = byId<HTMLDivElement>('copy-fallback');
  const copyText = byId<HTMLTextAreaElement>('copy-text');
  const docSection = byId<HTMLElement>('document');
  const docTitle = byId<HTMLHeadingElement>('doc-title');
  const docMeta = byId<HTMLParagraphElement>('doc-meta');
  const docWarnings = byId<HTMLDetailsElement>('doc-warnings');
  const tree = byId<HTMLElement>('tree');
  const docText = byId<HTMLDivElement>('doc-text');

  // --- fetching ------------------------------------------------------------------------------

  const fetchDocument = documentLoader('');

  // --- search --------------------------------------------------------------------------------

  let hits: SearchHit[] = [];
  let searchTimer = 0;
  let searchAbort: AbortController | null = null;
  /** The hit a click on a result chose, so the clause view can show its highlights. */
  let chosenHit: SearchHit | null = null;

  function hrefOf(documentId: string, clauseId?: string): string {
    return `#${encodeURIComponent(documentId)}${clauseId !== undefined ? `/${encodeURIComponent(clauseId)}` : ''}`;
  }

  function scheduleSearch(): void {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(runSearch, 150);
  }

  async function runSearch(): Promise<void> {
    const q = input.value.trim();
    searchAbort?.abort();
    if (!q) {
      searchAbort = null;
      hits = [];
      results.textContent = '';
      status.textContent = '';
      return;
    }
    const abort = new AbortController();
    searchAbort = abort;
    status.textContent = 'Searching…';
    try {
      const body = await getJson<SearchResponse>(`/v1/search?q=${encodeURIComponent(q)}&limit=20`, abort.signal);
      if (abort.signal.aborted) return;
      hits = body.results;
      renderResults();
      status.textContent = hits.length === 0 ? `No clause matches “${q}”.` : `${hits.length} ${hits.length === 1 ? 'clause' : 'clauses'} for “${q}”.`;
    } catch (err) {
      if (abort.signal.aborted) return;
      hits = [];
      results.textContent = '';
      if (err instanceof HttpError && (err.code === 'rate_limited' || err.code === 'not_ready')) {
        // Transient: say so and search again when the server says it may work.
        const seconds = Math.min(60, err.retryAfter ?? 2);
        status.textContent =
          err.code === 'not_ready'
            ? `The server is still indexing the policies; searching again in ${seconds} s.`
            : `Too many searches in a short time; searching again in ${seconds} s.`;
        window.clearTimeout(searchTimer);
        searchTimer = window.setTimeout(runSearch, seconds * 1000);
        return;
      }
      status.textContent = `Search failed: ${(err as Error).message}`;
    }
  }

  function renderResults(): void {
    results.textContent = '';
    hits.forEach((hit, i) => {
      const link = el('a', { class: 'result', href: hrefOf(hit.documentId, hit.clauseId), 'data-index': String(i) });
      const head = el('span', { class: 'result-head' }, el('span', { class: 'clause-id', title: hit.clauseId }, hit.clauseId));
      if (hit.heading) head.append(el('span', { class: 'result-heading' }, hit.heading));
      const excerpt = el('span', { class: 'result-excerpt' });
      appendMarked(excerpt, hit.excerpt, hit.highlights, 'hl');
      link.append(head, el('span', { class: 'result-doc' }, hit.documentId), excerpt);
      link.addEventListener('click', () => {
        chosenHit = hit;
        // Clicking the result that is already open does not change the hash: open it anyway.
        if (location.hash === link.getAttribute('href')) void openFromHash();
      });
      results.append(el('li', {}, link));
    });
    markCurrentResult();
  }

  /** The result that is open in the clause view, if it is in the list. */
  function markCurrentResult(): void {
    const href = current ? hrefOf(current.doc.id, current.clause.id) : null;
    for (const a of results.querySelectorAll<HTMLAnchorElement>('a.result')) {
      if (a.getAttribute('href') === href) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    window.clearTimeout(searchTimer);
    void runSearch();
  });
  input.addEventListener('input', scheduleSearch);

  // Keyboard: "/" to search, arrows through the results, Escape back to the box.
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    const typing = target.closest('input, textarea, select');
    if (e.key === '/' && !typing) {
      e.preventDefault();
      input.focus();
      input.select();
      return;
    }
    const links = [...results.querySelectorAll<HTMLAnchorElement>('a.result')];
    if (links.length === 0) return;
    const at = links.indexOf(target as HTMLAnchorElement);
    if (e.key === 'ArrowDown' && (target === input || at >= 0)) {
      e.preventDefault();
      links[Math.min(links.length - 1, at + 1)]?.focus();
    } else if (e.key === 'ArrowUp' && at >= 0) {
      e.preventDefault();
      if (at === 0) input.focus();
      else links[at - 1]?.focus();
    } else if (e.key === 'Escape' && at >= 0) {
      input.focus();
    }
  });

  // --- documents -----------------------------------------------------------------------------

  async function loadDocumentList(): Promise<void> {
    try {
      const body = await getJson<DocumentsResponse>('/v1/documents');
      for (const d of body.documents) {
        const label = `${d.title ?? d.id} · ${d.clauses} clauses`;
        docSelect.append(el('option', { value: d.id }, label));
      }
    } catch (err) {
      if (err instanceof HttpError && err.code === 'not_ready') window.setTimeout(() => void loadDocumentList(), 1000);
    }
  }
  docSelect.addEventListener('change', () => {
    if (docSelect.value) location.hash = hrefOf(docSelect.value);
  });

  let shownDoc: PolicyDocument | null = null;
  const sections = new Map<string, HTMLElement>();
  const treeLinks = new Map<string, HTMLAnchorElement>();

  /** Where a clause's body starts: after its heading line (a headingless clause has none). */
  function bodyStart(doc: PolicyDocument, c: ClauseSummary): number {
    if (!c.heading) return c.start;
    const nl = doc.text.indexOf('\n', c.start);
    return nl === -1 || nl >= c.end ? c.end : nl + 1;
  }

  function renderDocument(doc: PolicyDocument): void {
    shownDoc = doc;
    markedClause = null;
    sections.clear();
    treeLinks.clear();
    docTitle.textContent = doc.title ?? doc.id;
    docMeta.textContent = `${doc.title ? `${doc.id} · ` : ''}${doc.format} · ${doc.clauses.length} clauses`;
    docSelect.value = doc.id;

    // Warnings (what the loader and the linter found).
    const summary = docWarnings.querySelector('summary')!;
    const list = docWarnings.querySelector('ul')!;
    list.textContent = '';
    summary.textContent = doc.warnings.length === 0 ? 'No load warnings' : `${doc.warnings.length} load ${doc.warnings.length === 1 ? 'warning' : 'warnings'}`;
    docWarnings.classList.toggle('has-warnings', doc.warnings.length > 0);
    for (const w of doc.warnings) {
      const item = el('li', { class: `warning level-${w.level}` }, el('span', { class: 'warning-code' }, `${w.level} · ${w.code}`));
      if (w.clauseId) item.append(' ', el('a', { href: hrefOf(doc.id, w.clauseId) }, w.clauseId));
      item.append(el('span', { class: 'warning-message' }, w.message));
      list.append(item);
    }

    // The summary card: what the policy states (its policy model), each fact linked to its clause.
    docWarnings.parentElement?.querySelector('.summary-card')?.remove();
    void getJson<FactsResponse>(`/v1/documents/${encodeURIComponent(doc.id)}/facts`).then(
      (facts) => {
        if (shownDoc !== doc) return;
        docWarnings.parentElement?.querySelector('.summary-card')?.remove();
        docWarnings.after(summaryCard(facts, hrefOf));
      },
      () => {},
    );

    // The clause tree.
    tree.textContent = '';
    const lists = new Map<string | null, HTMLUListElement>();
    const rootList = el('ul', { class: 'tree-list' });
    lists.set(null, rootList);
    for (const c of doc.clauses) {
      const link = el('a', { href: hrefOf(doc.id, c.id), title: `${c.id} ${c.heading}`.trim() }, el('span', { class: 'clause-id' }, c.id), c.heading || '(no heading)');
      treeLinks.set(c.id, link);
      const item = el('li', {}, link);
      const parent = lists.get(c.parentId) ?? rootList;
      parent.append(item);
      const children = el('ul', { class: 'tree-list' });
      lists.set(c.id, children);
      item.append(children);
    }
    for (const l of lists.values()) if (l !== rootList && l.childElementCount === 0) l.remove();
    tree.append(rootList);

    // The text, clause by clause.
    docText.textContent = '';
    const first = doc.clauses[0];
    const intro = doc.text.slice(0, first ? first.start : doc.text.length).trim();
    if (intro) docText.append(el('p', { class: 'intro' }, intro));
    for (const c of doc.clauses) {
      const section = el('section', { class: `clause depth-${Math.min(c.depth, 4)}`, 'data-clause-id': c.id });
      if (c.heading) {
        section.append(el('h3', { class: 'clause-heading' }, el('a', { class: 'clause-id', href: hrefOf(doc.id, c.id) }, c.id), c.heading));
      } else {
        section.append(el('p', { class: 'clause-heading plain' }, el('a', { class: 'clause-id', href: hrefOf(doc.id, c.id) }, c.id)));
      }
      for (const w of doc.warnings.filter((x) => x.clauseId === c.id)) {
        section.append(el('p', { class: `clause-warning level-${w.level}` }, el('strong', {}, `${w.code}: `), w.message));
      }
      section.append(el('div', { class: 'clause-body' }));
      fillBody(doc, c, section, null);
      sections.set(c.id, section);
      docText.append(section);
    }
    docSection.hidden = false;
    empty.hidden = true;
  }

  /** The clause's body text; with a hit, its excerpt and matched words marked. */
  function fillBody(doc: PolicyDocument, c: ClauseSummary, section: HTMLElement, hit: SearchHit | null): void {
    const body = section.querySelector('.clause-body')!;
    body.textContent = '';
    const from = bodyStart(doc, c);
    const text = doc.text.slice(from, c.end).replace(/\s+$/, '');
    const lead = text.length - text.replace(/^\s+/, '').length;
    const s = hit ? hit.start - from : -1;
    const e = hit ? hit.end - from : -1;
    if (hit && s >= lead && e <= text.length && doc.text.slice(hit.start, hit.end) === hit.excerpt) {
      body.append(text.slice(lead, s));
      const mark = el('mark', { class: 'cited' });
      appendMarked(mark, hit.excerpt, hit.highlights, 'hl');
      body.append(mark, text.slice(e));
    } else {
      body.append(text.slice(lead));
    }
  }

  // --- selecting a clause ----------------------------------------------------------------------

  /** The selected clause and the [start, end) span of the document text its citation quotes. */
  let current: { doc: PolicyDocument; clause: ClauseSummary; span: [number, number] } | null = null;
  let markedClause: string | null = null;

  function leadText(doc: PolicyDocument, c: ClauseSummary): string {
    const text = doc.text.slice(bodyStart(doc, c), c.end).trim().replace(/\s+/g, ' ');
    if (text.length <= 300) return text;
    const cut = text.lastIndexOf(' ', 300);
    return `${text.slice(0, cut > 200 ? cut : 300)} …`;
  }

  async function openFromHash(): Promise<void> {
    const raw = location.hash.slice(1);
    if (!raw) return;
    let docId: string;
    let clauseId: string | undefined;
    try {
      const slash = raw.indexOf('/');
      docId = decodeURIComponent(slash === -1 ? raw : raw.slice(0, slash));
      clauseId = slash === -1 ? undefined : decodeURIComponent(raw.slice(slash + 1));
    } catch {
      return;
    }
    const hit = chosenHit && chosenHit.documentId === docId && chosenHit.clauseId === clauseId ? chosenHit : null;
    chosenHit = null;
    let doc: PolicyDocument;
    try {
      doc = shownDoc?.id === docId ? shownDoc : await fetchDocument(docId);
    } catch (err) {
      empty.hidden = false;
      empty.textContent =
        err instanceof HttpError && err.status === 404 ? `There is no document “${docId}”.` : `The document could not be loaded: ${(err as Error).message}`;
      selected.hidden = true;
      docSection.hidden = true;
      return;
    }
    if (shownDoc !== doc) renderDocument(doc);
    docSection.hidden = false;
    empty.hidden = true;
    if (clauseId === undefined) {
      selected.hidden = true;
      view.focus();
      return;
    }
    const clause = doc.clauses.find((c) => c.id === clauseId);
    if (!clause) {
      selected.hidden = true;
      empty.hidden = false;
      empty.textContent = `${doc.id} has no clause “${clauseId}”.`;
      return;
    }
    empty.hidden = true;
    select(doc, clause, hit);
  }

  function select(doc: PolicyDocument, clause: ClauseSummary, hit: SearchHit | null): void {
    // Undo the previous clause's marks, then mark this one.
    if (markedClause !== null) {
      const prev = doc.clauses.find((c) => c.id === markedClause);
      const section = sections.get(markedClause);
      if (prev && section) {
        section.classList.remove('is-selected');
        fillBody(doc, prev, section, null);
      }
      treeLinks.get(markedClause)?.removeAttribute('aria-current');
    }
    const section = sections.get(clause.id);
    if (section) {
      section.classList.add('is-selected');
      fillBody(doc, clause, section, hit);
    }
    treeLinks.get(clause.id)?.setAttribute('aria-current', 'location');
    markedClause = clause.id;

    selectedTitle.textContent = '';
    selectedTitle.append(el('span', { class: 'clause-id' }, clause.id), clause.heading || '(no heading)');
    selectedDoc.textContent = doc.title ? `${doc.title} (${doc.id})` : doc.id;
    selectedExcerpt.textContent = '';
    if (hit) appendMarked(selectedExcerpt, hit.excerpt, hit.highlights, 'hl');
    else selectedExcerpt.append(leadText(doc, clause));
    permalink.href = `/agent${hrefOf(doc.id, clause.id)}`;
    current = { doc, clause, span: citedSpan(doc, clause, hit) };
    markCurrentResult();
    copyStatus.textContent = '';
    copyFallback.hidden = true;
    selected.hidden = false;
    selected.scrollTop = 0;
    if (getComputedStyle(docSection).overflowY === 'visible') {
      // Narrow screens: one scrolling page; bring the selected clause's card into view.
      selected.scrollIntoView({ block: 'start' });
    } else if (section) {
      // Wide screens: scroll the document pane only (scrollIntoView would move the whole view).
      docSection.scrollTop = Math.max(0, section.offsetTop - 12);
    }
  }

  // --- copying a citation --------------------------------------------------------------------

  /**
   * What a copied citation quotes, as a span of the document text: the hit's excerpt, or the
   * whole clause body when the clause was opened without a hit (the view shows only its first
   * lines). An excerpt that ends with a colon introduces what follows it (an address, a list), so
   * the quote runs on to the end of that block (a blank line) or of the clause, rather than
   * stopping at "…internally:".
   */
  function citedSpan(doc: PolicyDocument, clause: ClauseSummary, hit: SearchHit | null): [number, number] {
    if (!hit) return trimmed(doc.text, bodyStart(doc, clause), clause.end);
    const [start, end] = trimmed(doc.text, hit.start, hit.end);
    if (!doc.text.slice(start, end).endsWith(':')) return [start, end];
    const limit = Math.max(end, clause.end);
    const blank = doc.text.slice(end, limit).search(/\n[ \t]*\n/);
    return trimmed(doc.text, start, blank === -1 ? limit : end + blank);
  }

  /** [start, end) without the white space at either edge. */
  function trimmed(text: string, start: number, end: number): [number, number] {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    return [start, end];
  }

  function citationText(): string {
    if (!current) return '';
    const { doc, clause, span } = current;
    const quote = doc.text.slice(span[0], span[1]);
    const where = `${doc.title ?? doc.id}, clause ${clause.id}${clause.heading ? ` (${clause.heading})` : ''}`;
    return `“${quote}”\n— ${where}\n${location.origin}/agent${hrefOf(doc.id, clause.id)}`;
  }

  copyBtn.addEventListener('click', async () => {
    const text = citationText();
    if (!text) return;
    copyText.value = text; // always there, so it can also be selected by hand
    try {
      if (!navigator.clipboard) throw new Error('no clipboard API');
      await navigator.clipboard.writeText(text);
      copyFallback.hidden = true;
      copyStatus.textContent = 'Citation copied to the clipboard.';
    } catch {
      copyFallback.hidden = false;
      copyText.focus();
      copyText.select();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      copyStatus.textContent = copied
        ? 'Citation copied to the clipboard.'
        : 'The browser did not allow copying: the citation is selected below, press Ctrl+C (⌘C) to copy it.';
    }
  });

  // --- start -----------------------------------------------------------------------------------

  window.addEventListener('hashchange', () => void openFromHash());
  void loadDocumentList();
  void openFromHash();
})();
