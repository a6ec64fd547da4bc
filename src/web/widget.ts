/**
 * The policy-qa chat widget: one classic script a website embeds.
 *
 *   <script src="https://qa.example.com/widget.js" defer
 *           data-document="acme-privacy-policy" data-title="Privacy questions" data-lang="en"></script>
 *
 * Data attributes (all optional): `data-server` (default: where widget.js came from),
 * `data-document` (restrict answers to one document id), `data-title`, `data-lang` (`en`, `de`;
 * default: the page's lang), `data-open="true"` (open the panel at once).
 *
 * It draws into a shadow root (the page's CSS and the widget's cannot touch each other) and
 * loads its style sheet from `<server>/widget.css`, so it runs under a strict CSP: no inline
 * script, no inline style, no innerHTML: every text from the server or the user goes in
 * through textContent or text nodes.
 *
 * Protocol: `/v1/chat` (docs/protocol.md). The socket opens when the panel first opens. After a
 * drop it reconnects with exponential back-off (0.5 s doubling to 15 s, with jitter). When the
 * server closes an idle socket (1000) the widget does not reconnect until the visitor types again,
 * so an open tab does not hold a socket for ever. A new socket is a new conversation on the
 * server, so on reconnect the widget re-asks the last few answered questions without showing
 * them (their answers are dropped), which puts the server's context back where it was; it says
 * so, or says that context was lost if that fails. Questions asked while offline, and questions
 * whose answer never arrived, are sent after reconnecting. While an answer is awaited and nothing
 * arrives for a while, a ping checks the socket; no pong → it is dropped and re-opened.
 */
import { appendMarked, el } from './shared/dom.ts';
import { documentLoader } from './shared/http.ts';
import type { Answer, Citation, ErrorBody, PolicyDocument, ReadyMessage, ServerMessage, Verdict } from './shared/wire.ts';

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  const globalFlag = '__policyQaWidget';
  const w = window as unknown as Record<string, unknown>;
  if (w[globalFlag]) return; // embedded twice: one widget is enough
  w[globalFlag] = true;

  // --- configuration ---------------------------------------------------------------------

  const data = script?.dataset ?? {};
  const scriptOrigin = script?.src ? new URL(script.src, location.href).origin : location.origin;
  const server = (data['server'] || scriptOrigin).replace(/\/+$/, '');
  const documentId = data['document'] || undefined;
  const lang = (data['lang'] || document.documentElement.lang || navigator.language || 'en').toLowerCase().startsWith('de') ? 'de' : 'en';

  const STRINGS = {
    en: {
      launcher: 'Questions about our privacy policy?',
      title: 'Privacy questions',
      close: 'Close',
      conversation: 'Conversation',
      input: 'Your question',
      placeholder: 'Ask about the privacy policy…',
      send: 'Ask',
      you: 'You asked',
      assistant: 'From the policy',
      welcome: 'Ask how your personal data is handled, for example “Is my data transferred to Japan?”. Answers quote the policy.',
      connecting: 'Connecting…',
      online: 'Connected',
      offline: 'Connection lost. Reconnecting…',
      offlineIn: (s: number) => `Connection lost. Reconnecting in ${s} s…`,
      idle: 'Paused while idle; reconnects when you ask',
      starting: 'Starting up: loading the policies…',
      empty: 'No policy is loaded: this service cannot answer questions.',
      typing: 'Looking it up in the policy…',
      queued: 'Waiting for the connection; it will be sent then.',
      verdicts: { yes: 'Yes', no: 'No', conditional: 'Conditional', not_stated: 'Not stated' } as Record<Verdict, string>,
      verdictLabel: 'Short answer',
      notSaid: 'The policy does not say',
      sources: 'Where the policy says so',
      closest: 'Closest passages (they do not answer the question)',
      clause: 'Clause',
      showClause: 'Show clause',
      hideClause: 'Hide clause',
      loadingClause: 'Loading the clause…',
      clauseError: 'The clause could not be loaded. Try again.',
      restoring: 'Reconnected. Restoring the conversation…',
      restored: 'Reconnected. The conversation continues where it left off.',
      lost: 'Reconnected, but the earlier conversation could not be restored: say again what a follow-up question refers to.',
      retry: 'Try again',
      announceAnswer: 'Answer',
      announceSources: (n: number) => (n === 1 ? '1 passage cited.' : `${n} passages cited.`),
      tooLong: (n: number) => `The question is too long: at most ${n} characters.`,
      errors: {
        not_ready: 'The assistant is still loading the policies. Try again in a moment.',
        too_many_inflight: 'Too many questions at once. Wait for the answers, then try again.',
        rate_limited: 'Too many questions in a short time. Wait a moment, then try again.',
        empty_question: 'The question is empty.',
        unknown_document: 'This policy is not available on the server.',
        internal_error: 'Something went wrong on the server. Try again.',
        shutting_down: 'The server is restarting. Try again in a moment.',
      } as Record<string, string>,
    },
    de: {
      launcher: 'Fragen zu unserer Datenschutzerklärung?',
      title: 'Fragen zum Datenschutz',
      close: 'Schließen',
      conversation: 'Unterhaltung',
      input: 'Ihre Frage',
      placeholder: 'Fragen Sie zur Datenschutzerklärung…',
      send: 'Fragen',
      you: 'Ihre Frage',
      assistant: 'Aus der Erklärung',
      welcome: 'Fragen Sie, wie Ihre Daten behandelt werden, z. B. „Werden meine Daten nach Japan übermittelt?“. Die Antworten zitieren die Erklärung.',
      connecting: 'Verbinde…',
      online: 'Verbunden',
      offline: 'Verbindung verloren. Verbinde neu…',
      offlineIn: (s: number) => `Verbindung verloren. Neuer Versuch in ${s} s…`,
      idle: 'Pausiert; verbindet sich wieder, wenn Sie fragen',
      starting: 'Startet: lädt die Erklärungen…',
      empty: 'Keine Erklärung geladen: dieser Dienst kann keine Fragen beantworten.',
      typing: 'Suche in der Erklärung…',
      queued: 'Wartet auf die Verbindung und wird dann gesendet.',
      verdicts: { yes: 'Ja', no: 'Nein', conditional: 'Unter Bedingungen', not_stated: 'Nicht geregelt' } as Record<Verdict, string>,
      verdictLabel: 'Kurzantwort',
      notSaid: 'Die Erklärung sagt dazu nichts',
      sources: 'Wo die Erklärung das sagt',
      closest: 'Nächstliegende Stellen (sie beantworten die Frage nicht)',
      clause: 'Abschnitt',
      showClause: 'Abschnitt zeigen',
      hideClause: 'Abschnitt verbergen',
      loadingClause: 'Lade den Abschnitt…',
      clauseError: 'Der Abschnitt konnte nicht geladen werden. Bitte erneut versuchen.',
      restoring: 'Wieder verbunden. Stelle die Unterhaltung wieder her…',
      restored: 'Wieder verbunden. Die Unterhaltung geht dort weiter, wo sie war.',
      lost: 'Wieder verbunden, aber der bisherige Zusammenhang ging verloren: Sagen Sie bei Nachfragen noch einmal, worauf sie sich beziehen.',
      retry: 'Erneut versuchen',
      announceAnswer: 'Antwort',
      announceSources: (n: number) => (n === 1 ? '1 Stelle zitiert.' : `${n} Stellen zitiert.`),
      tooLong: (n: number) => `Die Frage ist zu lang: höchstens ${n} Zeichen.`,
      errors: {
        not_ready: 'Der Assistent lädt die Erklärungen noch. Bitte gleich noch einmal versuchen.',
        too_many_inflight: 'Zu viele Fragen auf einmal. Bitte die Antworten abwarten.',
        rate_limited: 'Zu viele Fragen in kurzer Zeit. Bitte einen Moment warten.',
        empty_question: 'Die Frage ist leer.',
        unknown_document: 'Diese Erklärung ist auf dem Server nicht vorhanden.',
        internal_error: 'Auf dem Server ist etwas schiefgegangen. Bitte erneut versuchen.',
        shutting_down: 'Der Server startet neu. Bitte gleich noch einmal versuchen.',
      } as Record<string, string>,
    },
  };
  const t = STRINGS[lang];
  const title = data['title'] || t.title;

  /** Errors worth a "Try again" button: the same question may work a moment later. */
  const TRANSIENT = new Set(['not_ready', 'too_many_inflight', 'rate_limited', 'internal_error', 'shutting_down']);
  /** Answered questions re-asked after a reconnect to restore the server's conversation. */
  const REPLAY_TURNS = 3;
  const BACKOFF_FIRST_MS = 500;
  const BACKOFF_MAX_MS = 15_000;
  /** Waiting for an answer this long with nothing arriving: ping to check the socket. */
  const QUIET_MS = 15_000;
  const PONG_WAIT_MS = 10_000;
  /** Close codes after which the widget waits for the visitor instead of reconnecting. */
  const CLOSE_NORMAL = 1000;

  // --- DOM helpers -----------------------------------------------------------------------

  let uid = 0;
  const nextId = (prefix: string) => `pqa-${prefix}-${++uid}`;

  // --- the UI ----------------------------------------------------------------------------

  const host = el('div', { class: 'policy-qa-widget' });
  const root = host.attachShadow({ mode: 'open' });
  const sheet = el('link', { rel: 'stylesheet', href: `${server}/widget.css` });
  const frame = el('div', { class: 'pqa', lang, hidden: '' });
  // Shown once the style sheet is in (or failed): no flash of unstyled widget.
  sheet.addEventListener('load', () => frame.removeAttribute('hidden'));
  sheet.addEventListener('error', () => frame.removeAttribute('hidden'));
  root.append(sheet, frame);

  const launcher = el('button', { type: 'button', class: 'pqa-launcher', 'aria-expanded': 'false', 'aria-controls': 'pqa-panel' });
  launcher.append(el('span', { class: 'pqa-launcher-icon', 'aria-hidden': 'true' }, '?'), el('span', {}, t.launcher));

  const titleEl = el('h2', { id: 'pqa-title', class: 'pqa-title' }, title);
  const connText = el('span', { class: 'pqa-conn-text' }, t.connecting);
  const conn = el('p', { class: 'pqa-conn', 'data-state': 'connecting' }, el('span', { class: 'pqa-dot', 'aria-hidden': 'true' }), connText);
  const closeBtn = el('button', { type: 'button', class: 'pqa-close', 'aria-label': t.close, title: t.close }, '×');
  const header = el('header', { class: 'pqa-header' }, el('div', { class: 'pqa-heading' }, titleEl, conn), closeBtn);

  const log = el('ol', { class: 'pqa-log', role: 'log', 'aria-label': t.conversation, 'aria-live': 'off', tabindex: '0' });
  log.append(el('li', { class: 'pqa-note pqa-welcome' }, t.welcome));
  const typing = el('p', { class: 'pqa-typing', hidden: '' }, el('span', { class: 'pqa-dots', 'aria-hidden': 'true' }, el('span'), el('span'), el('span')), t.typing);

  const input = el('textarea', { id: 'pqa-input', class: 'pqa-input', rows: '2', placeholder: t.placeholder, autocomplete: 'off', maxlength: '1000' });
  const sendBtn = el('button', { type: 'submit', class: 'pqa-send' }, t.send);
  const form = el('form', { class: 'pqa-form' }, el('label', { class: 'pqa-sr', for: 'pqa-input' }, t.input), input, sendBtn);
  /** Screen readers hear new answers and connection changes from here (polite). */
  const announcer = el('div', { class: 'pqa-sr', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });

  const panel = el('section', { id: 'pqa-panel', class: 'pqa-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'pqa-title', hidden: '' });
  panel.append(header, log, typing, form, announcer);
  frame.append(panel, launcher);

  function announce(text: string): void {
    // Clear first so that the same text twice is announced twice.
    announcer.textContent = '';
    window.setTimeout(() => (announcer.textContent = text), 50);
  }

  function scrollToShow(item: HTMLElement): void {
    // Keep the start of the newest exchange in view (the log is the offsetParent).
    log.scrollTop = Math.max(0, item.offsetTop - 8);
  }

  // --- opening and closing -------------------------------------------------------------------

  let opened = false;
  function open(focus = true): void {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    frame.classList.add('pqa-open');
    if (!opened) {
      opened = true;
      connect();
    }
    if (focus) input.focus();
  }
  function close(): void {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    frame.classList.remove('pqa-open');
    launcher.focus();
  }
  launcher.addEventListener('click', () => (panel.hidden ? open() : close()));
  closeBtn.addEventListener('click', close);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });

  // --- conversation state ----------------------------------------------------------------------

  interface Turn {
    question: string;
    item: HTMLLIElement;
    note: HTMLElement | null;
  }
  interface Inflight {
    turn: Turn | null; // null: a hidden replay
    question: string;
  }

  let ws: WebSocket | null = null;
  let readyOn: WebSocket | null = null;
  let attempt = 0;
  let retryTimer = 0;
  let countdownTimer = 0;
  let quietTimer = 0;
  let pongTimer = 0;
  let askSeq = 0;
  let maxInflight = 8;
  let maxQuestionLength = 1000;
  const queue: Turn[] = [];
  const inflight = new Map<string, Inflight>();
  /** Questions that got an answer, oldest first (what a reconnect replays). */
  const answered: string[] = [];
  let restoring: { pending: number; failed: boolean; note: HTMLLIElement } | null = null;
  let needsRestore = false;

  function setConn(state: 'connecting' | 'online' | 'offline' | 'idle' | 'starting' | 'empty', retryInMs = 0): void {
    conn.dataset['state'] = state;
    window.clearInterval(countdownTimer);
    if (state === 'offline' && retryInMs > 0) {
      const until = Date.now() + retryInMs;
      const tick = () => {
        const s = Math.ceil((until - Date.now()) / 1000);
        connText.textContent = s > 0 ? t.offlineIn(s) : t.offline;
      };
      tick();
      countdownTimer = window.setInterval(tick, 1000);
    } else {
      connText.textContent = { online: t.online, offline: t.offline, connecting: t.connecting, idle: t.idle, starting: t.starting, empty: t.empty }[state];
    }
    panel.setAttribute('aria-busy', state === 'connecting' || state === 'starting' ? 'true' : 'false');
  }

  function wsUrl(): string {
    return `${server.replace(/^http/, 'ws')}/v1/chat`;
  }

  function connect(): void {
    window.clearTimeout(retryTimer);
    if (ws) return;
    setConn('connecting');
    let sock: WebSocket;
    try {
      sock = new WebSocket(wsUrl());
    } catch {
      scheduleReconnect();
      return;
    }
    ws = sock;
    sock.addEventListener('message', (e) => onMessage(sock, e));
    sock.addEventListener('close', (e) => onClose(sock, e.code));
  }

  function scheduleReconnect(): void {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    attempt++;
    setConn('offline', delay);
    retryTimer = window.setTimeout(connect, delay);
  }

  function onClose(sock: WebSocket, code: number): void {
    if (sock !== ws) return;
    const wasAnnounced = readyOn === sock;
    ws = null;
    readyOn = null;
    window.clearTimeout(quietTimer);
    window.clearTimeout(pongTimer);
    const waiting = inflight.size > 0 || queue.length > 0;
    // Asks that never got their answer go out again on the next socket, in their order.
    const unanswered = [...inflight.values()].filter((f) => f.turn).map((f) => f.turn!);
    inflight.clear();
    if (restoring) restoring.note.remove(); // the next socket restores again
    restoring = null;
    for (const turn of unanswered.reverse()) {
      queue.unshift(turn);
      markQueued(turn);
    }
    if (answered.length > 0) needsRestore = true;
    updateTyping();
    if (code === CLOSE_NORMAL && wasAnnounced && !waiting) {
      // Closed for being idle: reconnect when the visitor types or asks, not now.
      attempt = 0;
      setConn('idle');
      return;
    }
    if (wasAnnounced) announce(t.offline);
    scheduleReconnect();
  }

  /** Drop a socket that stopped answering (no pong): treated as closed at once. */
  function drop(sock: WebSocket): void {
    try {
      sock.close();
    } catch {
      /* already closing */
    }
    onClose(sock, 1006);
  }

  /** While answers are awaited: if nothing arrives for QUIET_MS, ping; no pong in time → drop. */
  function watch(sock: WebSocket): void {
    window.clearTimeout(quietTimer);
    window.clearTimeout(pongTimer);
    if (inflight.size === 0) return;
    quietTimer = window.setTimeout(() => {
      if (sock !== ws || sock.readyState !== WebSocket.OPEN) return;
      sock.send(JSON.stringify({ type: 'ping' }));
      pongTimer = window.setTimeout(() => drop(sock), PONG_WAIT_MS);
    }, QUIET_MS);
  }

  function onMessage(sock: WebSocket, event: MessageEvent): void {
    if (sock !== ws) return;
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(event.data)) as ServerMessage;
    } catch {
      return;
    }
    switch (msg.type) {
      case 'ready':
        onReady(sock, msg);
        break;
      case 'answer':
        onAnswer(msg.id, msg.answer);
        break;
      case 'error':
        onError(msg.id, msg.error);
        break;
      default:
        break; // pong: any message proves the socket is alive
    }
    watch(sock);
  }

  function onReady(sock: WebSocket, msg: ReadyMessage): void {
    attempt = 0;
    maxInflight = Math.max(1, msg.limits.maxInflight);
    maxQuestionLength = msg.limits.maxQuestionLength;
    input.setAttribute('maxlength', String(maxQuestionLength));
    const wasOffline = conn.dataset['state'] === 'offline';
    if (msg.documents.length > 0) {
      goOnline(sock, wasOffline);
      return;
    }
    // No documents: the server is still indexing (asks would get not_ready), or its corpus is
    // empty. /readyz tells which; questions wait meanwhile.
    setConn('starting');
    waitForIndex(sock, 0, wasOffline);
  }

  function waitForIndex(sock: WebSocket, n: number, wasOffline: boolean): void {
    fetch(`${server}/readyz`, { cache: 'no-store' })
      .then(
        (r) => (r.ok ? r.json().then((body: { empty?: boolean }) => (body.empty === true ? 'empty' : true), () => true) : false),
        () => true, // cannot tell (e.g. no CORS on another site): go ahead, not_ready is handled
      )
      .then((ready) => {
        if (sock !== ws) return;
        // Ready with no policy loaded: say so, rather than "the policy does not say" to every question.
        if (ready === 'empty') setConn('empty');
        else if (ready) goOnline(sock, wasOffline);
        else window.setTimeout(() => waitForIndex(sock, n + 1, wasOffline), Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** n));
      });
  }

  function goOnline(sock: WebSocket, announceIt: boolean): void {
    readyOn = sock;
    setConn('online');
    if (announceIt) announce(t.online);
    if (needsRestore) restore(sock);
    pump();
  }

  /** Re-ask the last answered questions (hidden) so follow-ups keep their context. */
  function restore(sock: WebSocket): void {
    needsRestore = false;
    const replay = answered.slice(-REPLAY_TURNS);
    if (replay.length === 0) return;
    // The note goes where the reconnection happened: before the questions that were waiting.
    const note = el('li', { class: 'pqa-note' }, t.restoring);
    const firstWaiting = queue[0]?.item;
    if (firstWaiting) firstWaiting.before(note);
    else log.append(note);
    restoring = { pending: replay.length, failed: false, note };
    for (const question of replay) send(sock, question, null);
  }

  function finishRestore(ok: boolean): void {
    if (!restoring) return;
    if (!ok) restoring.failed = true;
    restoring.pending--;
    if (restoring.pending > 0) return;
    const { failed, note } = restoring;
    restoring = null;
    note.textContent = failed ? t.lost : t.restored;
    if (failed) note.classList.add('pqa-note--warn');
    announce(note.textContent);
  }

  function send(sock: WebSocket, question: string, turn: Turn | null): void {
    const id = `${turn ? 'q' : 'r'}${++askSeq}`;
    const ask: Record<string, string> = { type: 'ask', id, question };
    if (documentId) ask['documentId'] = documentId;
    inflight.set(id, { turn, question });
    sock.send(JSON.stringify(ask));
    if (inflight.size === 1) watch(sock);
  }

  /** Send queued questions while the socket is ready and the server's in-flight limit allows. */
  function pump(): void {
    const sock = ws;
    if (!sock || readyOn !== sock || sock.readyState !== WebSocket.OPEN) return;
    while (queue.length > 0 && inflight.size < maxInflight) {
      const turn = queue.shift()!;
      turn.note?.remove();
      turn.note = null;
      send(sock, turn.question, turn);
    }
    updateTyping();
  }

  function updateTyping(): void {
    const waiting = [...inflight.values()].some((f) => f.turn);
    typing.hidden = !waiting;
    log.setAttribute('aria-busy', waiting ? 'true' : 'false');
  }

  function markQueued(turn: Turn): void {
    if (turn.note) return;
    turn.note = el('p', { class: 'pqa-queued' }, t.queued);
    turn.item.append(turn.note);
  }

  function addNote(text: string, className = 'pqa-note'): HTMLLIElement {
    const item = el('li', { class: className }, text);
    log.append(item);
    announce(text);
    return item;
  }

  // --- asking --------------------------------------------------------------------------------

  function ask(question: string): void {
    const item = el('li', { class: 'pqa-msg pqa-msg--user' });
    item.append(el('span', { class: 'pqa-sr' }, `${t.you}: `), el('p', { class: 'pqa-question' }, question));
    log.append(item);
    scrollToShow(item);
    const turn: Turn = { question, item, note: null };
    queue.push(turn);
    if (ws && readyOn === ws) pump();
    else {
      markQueued(turn);
      // Someone is waiting: try now rather than at the end of the back-off.
      if (!ws) {
        attempt = 0;
        connect();
      }
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const question = input.value.trim();
    if (!question) return;
    if ([...question].length > maxQuestionLength) {
      addNote(t.tooLong(maxQuestionLength), 'pqa-note pqa-note--warn');
      return;
    }
    input.value = '';
    ask(question);
    input.focus();
  });
  // Back from idle: open the socket as the visitor starts typing, so the answer is not delayed.
  input.addEventListener('input', () => {
    if (!ws && conn.dataset['state'] === 'idle') connect();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  // --- answers --------------------------------------------------------------------------------

  function onAnswer(id: string, answer: Answer): void {
    const f = inflight.get(id);
    if (!f) return;
    inflight.delete(id);
    if (!f.turn) {
      finishRestore(true);
    } else {
      answered.push(f.question);
      if (answered.length > 20) answered.shift();
      const item = renderAnswer(answer);
      f.turn.item.after(item);
      scrollToShow(f.turn.item);
      const parts = [`${t.announceAnswer}:`];
      if (answer.verdict) parts.push(`${t.verdicts[answer.verdict]}.`);
      else if (!answer.answerable) parts.push(`${t.notSaid}.`);
      parts.push(answer.text);
      if (answer.answerable && answer.citations.length) parts.push(t.announceSources(answer.citations.length));
      announce(parts.join(' '));
    }
    updateTyping();
    pump();
  }

  function onError(id: string | null, error: ErrorBody): void {
    const f = id !== null ? inflight.get(id) : undefined;
    if (!f || id === null) return;
    inflight.delete(id);
    if (!f.turn) {
      finishRestore(false);
    } else {
      const turn = f.turn;
      const message = error.code === 'question_too_long' ? t.tooLong(maxQuestionLength) : t.errors[error.code] ?? error.message;
      const item = el('li', { class: 'pqa-msg pqa-msg--error' }, el('p', {}, message));
      if (TRANSIENT.has(error.code)) {
        const retry = el('button', { type: 'button', class: 'pqa-retry' }, t.retry);
        retry.addEventListener('click', () => {
          item.remove();
          queue.push(turn);
          pump();
          if (!ws) connect();
          input.focus();
        });
        item.append(retry);
      }
      turn.item.after(item);
      scrollToShow(turn.item);
      announce(message);
    }
    updateTyping();
    pump();
  }

  function renderAnswer(answer: Answer): HTMLLIElement {
    const item = el('li', { class: `pqa-msg pqa-msg--bot${answer.answerable ? '' : ' pqa-msg--unanswered'}` });
    item.append(el('span', { class: 'pqa-sr' }, `${t.assistant}: `));
    const head = el('div', { class: 'pqa-answer-head' });
    if (answer.verdict) {
      head.append(
        el('span', { class: `pqa-badge pqa-badge--${answer.verdict}`, title: t.verdictLabel }, el('span', { class: 'pqa-sr' }, `${t.verdictLabel}: `), t.verdicts[answer.verdict]),
      );
    }
    if (!answer.answerable) head.append(el('span', { class: 'pqa-unsaid' }, t.notSaid));
    if (head.childNodes.length) item.append(head);
    item.append(el('p', { class: 'pqa-answer-text' }, answer.text));

    if (answer.citations.length) {
      const label = nextId('src');
      const list = el('ol', { class: 'pqa-cites', 'aria-labelledby': label });
      for (const c of answer.citations) list.append(renderCitation(c));
      item.append(el('section', { class: 'pqa-sources' }, el('h3', { id: label, class: 'pqa-sources-title' }, answer.answerable ? t.sources : t.closest), list));
    }
    return item;
  }

  function renderCitation(c: Citation): HTMLLIElement {
    const li = el('li', { class: 'pqa-cite' });
    const head = el('p', { class: 'pqa-cite-head' }, el('span', { class: 'pqa-cite-id', title: `${t.clause} ${c.clauseId}` }, `${t.clause} ${c.clauseId}`));
    if (c.heading) head.append(el('span', { class: 'pqa-cite-heading' }, c.heading));
    const quote = el('blockquote', { class: 'pqa-excerpt' });
    appendMarked(quote, c.excerpt, c.highlights, 'pqa-hl');
    const regionId = nextId('clause');
    const toggle = el('button', { type: 'button', class: 'pqa-toggle', 'aria-expanded': 'false', 'aria-controls': regionId }, t.showClause);
    const region = el('div', { id: regionId, class: 'pqa-clause', role: 'region', 'aria-label': `${t.clause} ${c.clauseId}`, hidden: '' });
    let loaded = false;
    toggle.addEventListener('click', () => {
      const expand = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(expand));
      toggle.textContent = expand ? t.hideClause : t.showClause;
      region.hidden = !expand;
      if (!expand || loaded) return;
      region.textContent = t.loadingClause;
      region.setAttribute('aria-busy', 'true');
      fetchDocument(c.documentId).then(
        (doc) => {
          loaded = true;
          region.removeAttribute('aria-busy');
          region.textContent = '';
          renderClause(region, doc, c);
        },
        () => {
          region.removeAttribute('aria-busy');
          region.textContent = t.clauseError;
          toggle.setAttribute('aria-expanded', 'false');
          toggle.textContent = t.showClause;
        },
      );
    });
    li.append(head, quote, toggle, region);
    return li;
  }

  /** The clause's whole text, the cited excerpt marked inside it (its matched terms too). */
  function renderClause(region: HTMLElement, doc: PolicyDocument, c: Citation): void {
    const clause = doc.clauses.find((x) => x.id === c.clauseId);
    if (!clause) {
      region.textContent = t.clauseError;
      return;
    }
    const text = doc.text.slice(clause.start, clause.end).replace(/\s+$/, '');
    const body = el('div', { class: 'pqa-clause-text' });
    const from = c.start - clause.start;
    const to = c.end - clause.start;
    if (from >= 0 && to <= text.length && doc.text.slice(c.start, c.end) === c.excerpt) {
      body.append(text.slice(0, from));
      const mark = el('mark', { class: 'pqa-cited' });
      appendMarked(mark, c.excerpt, c.highlights, 'pqa-hl');
      body.append(mark, text.slice(to));
    } else {
      body.append(text);
    }
    region.append(body);
  }

  const fetchDocument = documentLoader(server);

  window.addEventListener('online', () => {
    if (!ws && opened) {
      attempt = 0;
      connect();
    }
  });

  // --- start ---------------------------------------------------------------------------------

  function mount(): void {
    document.body.append(host);
    if (data['open'] === 'true') open(false);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
})();
