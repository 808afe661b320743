// The Issue Desk console: sign in (API key or single sign-on), work the queues of one's teams, act on a case.
// Plain ES module, no build step. All text from the API is inserted as text (never as HTML).
import { ApiError, apiKey, csrfToken, get, post, setApiKey, stream } from './api.js';
import { duration, label, lang, setLang, t, translate, when } from './i18n.js';

const POLL_MS = 5000;
// while the live stream is up, a slow poll still catches what a stream cannot carry (emerging-issue alerts)
const LIVE_POLL_MS = 60000;
// after a refused or broken stream: poll, and try the stream again this much later
const STREAM_RETRY_MS = 30000;
const STATUSES = ['open', 'assigned', 'claimed', 'awaiting-approval', 'responded', 'resolved'];
const KINDS = ['question', 'complaint', 'misinformation', 'praise', 'other'];
const LANGUAGES = ['en', 'fr'];

const state = {
  me: null,
  teams: new Map(), // id → team
  policyFiles: new Map(), // id → definition
  cases: [],
  seen: null, // case ids already shown (null before the first load)
  selected: null, // the open case's details
  linkedPage: 0, // the last page of linked cases shown (an emerging-issue case)
  timer: null,
  live: null, // the AbortController of the open live stream (null: none)
  liveUp: false, // whether the stream said ready: polling is slow then
  pending: null, // a refresh asked for by stream events, not run yet
  signature: null, // the queue as last drawn
};

const $ = (id) => document.getElementById(id);

/** A small element builder: h('p', {class: 'x'}, 'text', child). Strings become text nodes. */
function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// ---- messages ---------------------------------------------------------------------------------------------

function showError(error) {
  if (!(error instanceof ApiError)) {
    console.error(error);
    error = new ApiError(0, t('error.title'), String(error?.message ?? error));
  }
  const box = h('div', { class: 'message', 'data-status': error.status },
    h('div', {},
      h('p', {}, h('strong', { class: 'problem-title' }, error.title)),
      error.detail ? h('p', { class: 'problem-detail' }, error.detail) : null,
      error.fields.length ? h('ul', {}, error.fields.map((f) => h('li', {}, t('error.field', f)))) : null),
    h('button', { type: 'button', class: 'secondary', onclick: () => box.remove() }, t('dismiss')));
  $('messages').replaceChildren(box);
  if (error.status === 401) signOut(false);
}

function announce(text) {
  $('announcer').textContent = text;
}

function clearMessages() {
  $('messages').replaceChildren();
}

// ---- names ------------------------------------------------------------------------------------------------

function localized(name, fallback) {
  if (name && typeof name === 'object') return name[lang()] || name.en || name.fr || fallback;
  return name || fallback;
}

const teamName = (id) => localized(state.teams.get(id)?.name, id);
const policyName = (id) => (id ? localized(state.policyFiles.get(id)?.name, id) : t('policy.none'));

// ---- sign-in ----------------------------------------------------------------------------------------------

async function signIn(key) {
  setApiKey(key);
  clearMessages();
  try {
    state.me = await get('/api/me');
  } catch (e) {
    setApiKey(null);
    showError(e);
    $('signin').hidden = false;
    return;
  }
  // reference data: names of teams and policy files (both readable by every role)
  const [teams, files] = await Promise.all([
    get('/api/teams').catch((e) => { showError(e); return []; }),
    get('/api/policy-files').catch(() => []),
  ]);
  state.teams = new Map((teams || []).map((team) => [team.id, team]));
  state.policyFiles = new Map((files || []).map((file) => [file.id, file]));
  state.seen = null;
  renderWho();
  fillFilters();
  $('signin').hidden = true;
  $('workspace').hidden = false;
  $('sign-out').hidden = false;
  await refresh();
  startPolling();
  startLive();
  $('queue').focus();
}

function signOut(clearAll = true) {
  setApiKey(null);
  stopPolling();
  stopLive();
  state.me = null;
  state.selected = null;
  state.cases = [];
  $('workspace').hidden = true;
  $('sign-out').hidden = true;
  $('who').hidden = true;
  $('signin').hidden = false;
  $('api-key').value = '';
  if (clearAll) clearMessages();
  $('api-key').focus();
}

// ---- single sign-on (when the gateway offers it: GET /console/config) ----------------------------------------

let sso = null; // {signIn, signOut}

/** Already signed in by single sign-on (the gateway's session cookie goes with every call)? Then straight in. */
async function resumeSession() {
  try {
    await get('/api/me');
  } catch (e) {
    signOut();
    return;
  }
  signIn(null);
}

/** Ends the gateway's session and the organisation's: a form POST with the CSRF token, then back here. */
function endSession() {
  const form = h('form', { method: 'post', action: sso.signOut, hidden: true },
    h('input', { type: 'hidden', name: '_csrf', value: csrfToken() || '' }));
  document.body.append(form);
  form.submit();
}

/** The teams whose queues the console shows: the person's own, or every team for admins and analysts. */
function scopeTeams() {
  if (!state.me) return [];
  return state.me.allTeams ? [...state.teams.keys()] : state.me.teams;
}

function renderWho() {
  const me = state.me;
  const teams = me.allTeams ? t('signin.allTeams') : me.teams.map(teamName).join(', ') || '—';
  $('who').replaceChildren(
    h('span', { id: 'who-name' }, t('signin.as', { name: me.name })), ' · ',
    h('span', {}, t('signin.roles', { roles: me.roles.join(', ') })), ' · ',
    h('span', {}, t('signin.teams', { teams })));
  $('who').hidden = false;
}

// ---- filters ----------------------------------------------------------------------------------------------

/** Replaces a select's choices, keeping the current choice if it still exists (the first choice on the first fill). */
function options(select, choices) {
  const previous = select.options.length ? select.value : null;
  select.replaceChildren(...choices.map(([value, text]) => h('option', { value }, text)));
  if (previous !== null && choices.some(([value]) => value === previous)) select.value = previous;
}

function fillFilters() {
  if (!state.me) return;
  const scope = scopeTeams();
  options($('f-team'), [['', t('queue.any')], ...scope.map((id) => [id, teamName(id)])]);
  // several statuses at once are one server-side filter (status=open,assigned)
  options($('f-status'), [['active', t('queue.active')], ['open,assigned', t('queue.unclaimed')],
    ['', t('queue.any')], ...STATUSES.map((s) => [s, label('status', s)])]);
  options($('f-kind'), [['', t('queue.any')], ...KINDS.map((k) => [k, label('kind', k)])]);
  options($('f-language'), [['', t('queue.any')], ...LANGUAGES.map((l) => [l, label('language', l)])]);
  const handles = new Set();
  scope.forEach((id) => (state.teams.get(id)?.members || []).forEach((m) => handles.add(m.handle)));
  handles.delete(state.me.name);
  options($('f-assignee'), [['', t('queue.any')], [state.me.name, `${t('queue.mine')} (${state.me.name})`],
    ['none', t('queue.nobody')], ...[...handles].sort().map((handle) => [handle, handle])]);
  const files = new Set();
  scope.forEach((id) => (state.teams.get(id)?.owns || []).forEach((f) => files.add(f)));
  state.cases.forEach((c) => files.add(c.policyFile ?? 'none'));
  options($('f-policy'), [['', t('queue.any')],
    ...[...files].sort().map((id) => [id, id === 'none' ? t('policy.none') : policyName(id)])]);
}

function filterValues() {
  return Object.fromEntries(new FormData($('filters')).entries());
}

// ---- the queue --------------------------------------------------------------------------------------------

/**
 * The 100 most urgent cases matching the filters, soonest due first among equals, in one call: every filter is
 * applied by the service (GET /api/cases; no team: every team the person may read).
 */
async function loadQueue() {
  const f = filterValues();
  const query = new URLSearchParams({ sort: 'priority', size: '100' });
  for (const name of ['team', 'status', 'kind', 'language', 'assignee', 'policyFile']) if (f[name]) query.set(name, f[name]);
  const page = await get(`/api/cases?${query}`);
  return page?.items || [];
}

async function refresh() {
  if (!state.me) return;
  try {
    const items = await loadQueue();
    const fresh = state.seen ? items.filter((c) => !state.seen.has(c.id)) : [];
    state.seen = new Set([...(state.seen || []), ...items.map((c) => c.id)]);
    // re-drawn only when something changed: a redraw must not pull focus from under a keyboard user
    const signature = JSON.stringify(items);
    state.cases = items;
    if (signature !== state.signature || fresh.length) {
      state.signature = signature;
      renderQueue(new Set(fresh.map((c) => c.id)));
    }
    if (fresh.length) announce(t('queue.new', { count: fresh.length }));
    $('queue-meta').textContent = `${t('queue.count', { count: items.length })} · ${t('queue.updated', { time: new Intl.DateTimeFormat(lang() === 'fr' ? 'fr-CA' : 'en-CA', { timeStyle: 'medium' }).format(new Date()) })} · ${state.liveUp ? t('queue.live') : t('queue.polling')}`;
    await refreshOpenCase();
  } catch (e) {
    showError(e);
  }
}

function slaCell(c) {
  return h('span', { class: 'sla', 'data-due': c.dueBy, 'data-responded': c.firstResponseAt || '',
    'data-resolved': c.resolvedAt || '' });
}

function tickSla() {
  const now = Date.now();
  document.querySelectorAll('.sla[data-due]').forEach((el) => {
    el.classList.remove('overdue', 'met');
    if (el.dataset.resolved) {
      el.textContent = t('sla.done');
      el.classList.add('met');
    } else if (el.dataset.responded) {
      el.textContent = t('sla.met');
      el.classList.add('met');
    } else {
      const left = new Date(el.dataset.due).getTime() - now;
      el.textContent = left >= 0 ? t('sla.dueIn', { time: duration(left) }) : t('sla.overdue', { time: duration(left) });
      if (left < 0) el.classList.add('overdue');
    }
  });
}

const isEmerging = (c) => c?.caseType === 'emerging';

/**
 * An emerging-issue case's post is the routing service's summary of the surge, written in English and tagged
 * with no language ('und'): its text is marked English, and no language tag is shown for it.
 */
const textLang = (c) => (isEmerging(c) ? 'en' : c.language || undefined);

function tags(c) {
  return [
    // the badge says it in words and takes the priority's colour: a surge stands out among the posts
    isEmerging(c) ? h('span', { class: `pill badge-emerging priority-${c.priority}` }, t('emerging.badge')) : null,
    h('span', { class: 'pill' }, policyName(c.policyFile)),
    h('span', { class: 'pill' }, label('kind', c.issueKind)),
    isEmerging(c) ? null : h('span', { class: 'pill', lang: c.language || undefined }, label('language', c.language)),
  ];
}

function renderQueue(fresh = new Set()) {
  const multiTeam = scopeTeams().length > 1;
  const rows = state.cases.map((c) => h('tr', {
    'data-case-id': c.id, 'data-post-id': c.postId, 'data-status': c.status, 'data-case-type': c.caseType,
    class: fresh.has(c.id) ? 'fresh' : undefined,
    'aria-current': state.selected?.id === c.id ? 'true' : undefined,
  },
  h('td', {}, h('span', { class: `pill priority-${c.priority}` }, label('priority', c.priority)), h('br'), slaCell(c)),
  h('td', {},
    h('button', { type: 'button', class: 'open-case', onclick: () => openCase(c.id),
      'aria-label': `${t('queue.open')}: ${(c.text || '').slice(0, 80)}` },
    h('span', { class: 'excerpt', lang: textLang(c) }, c.text || c.postId)),
    h('p', { class: 'meta-line' }, [c.author, c.platform, multiTeam ? teamName(c.teamId) : null].filter(Boolean).join(' · '))),
  h('td', {}, tags(c)),
  h('td', { class: 'case-status' }, label('status', c.status), h('br'), h('span', { class: 'meta-line' }, c.assignee || '—'))));
  const focused = document.activeElement?.closest?.('#queue-body tr')?.dataset.caseId;
  $('queue-body').replaceChildren(...rows);
  if (focused) $('queue-body').querySelector(`tr[data-case-id="${CSS.escape(focused)}"] button`)?.focus();
  $('queue-empty').hidden = rows.length > 0;
  tickSla();
}

// ---- emerging issues (GET /api/alerts; the panel stays hidden while the endpoint does not answer) ------------

async function loadAlerts() {
  let body;
  try {
    body = await get('/api/alerts?state=active'); // open and growing ("updated") alerts
  } catch (e) {
    $('alerts').hidden = true; // 404 (not deployed yet), 403, 503: no panel rather than an error
    return;
  }
  const all = Array.isArray(body) ? body : body?.items || body?.alerts || [];
  const files = new Set(scopeTeams().flatMap((id) => state.teams.get(id)?.owns || []));
  const mine = state.me?.allTeams ? all : all.filter((a) => !a.policyFile || files.has(a.policyFile));
  const active = mine.filter((a) => !a.state || ['open', 'updated'].includes(String(a.state).toLowerCase()));
  $('alerts-list').replaceChildren(...(active.length ? active.map((a) => h('li', { 'data-alert-id': a.alertId || a.id, 'data-case-id': a.caseId },
    h('strong', {}, t('alerts.item', { file: policyName(a.policyFile), count: a.count ?? '?',
      baseline: a.baseline !== undefined ? Math.round(a.baseline * 10) / 10 : '?' })),
    a.issueKind || a.kind ? [' · ', label('kind', a.issueKind || a.kind)] : null,
    a.state ? [' · ', label('alertState', String(a.state).toLowerCase())] : null,
    a.windowStart ? h('p', { class: 'meta-line' }, `${when(a.windowStart)} – ${when(a.windowEnd)}`) : null,
    a.topTerms?.length ? h('p', { class: 'meta-line' }, a.topTerms.join(', ')) : null,
    a.caseId ? h('button', { type: 'button', class: 'secondary alert-open', onclick: () => openCase(a.caseId) }, t('alerts.open')) : null))
    : [h('li', {}, t('alerts.none'))]));
  $('alerts').hidden = false;
}

// ---- one case ---------------------------------------------------------------------------------------------

async function openCase(id) {
  clearMessages();
  try {
    const details = await get(`/api/cases/${encodeURIComponent(id)}`);
    renderCase(details);
    $('case').focus();
  } catch (e) {
    showError(e);
  }
}

async function refreshOpenCase() {
  const open = state.selected;
  if (!open) return;
  const details = await get(`/api/cases/${encodeURIComponent(open.id)}`);
  if (details.history.length !== open.history.length || details.status !== open.status) {
    const busy = $('case-body').contains(document.activeElement)
      || [...$('case-body').querySelectorAll('textarea, input[type=text], input[type=url]')].some((el) => el.value);
    renderCase(details, busy);
  }
}

const percent = (value) => `${Math.round(value * 100)} %`;

/** The case's tags, and the classifier's reading it was routed on: confidence of each tag, and the evidence. */
function renderTags() {
  const c = state.selected;
  const box = $('case-tags');
  if (!c || !box) return;
  const reading = c.classification; // null for a case made without a classified post
  const changed = reading && ((reading.policyFile ?? null) !== (c.policyFile ?? null) || reading.issueKind !== c.issueKind);
  box.replaceChildren(
    h('p', {}, tags(c)),
    reading ? h('div', {},
      h('p', {},
        h('span', { class: 'pill', id: 'case-confidence' },
          t('case.confidence', { tag: policyName(reading.policyFile), value: percent(reading.confidence) })),
        h('span', { class: 'pill', id: 'case-kind-confidence' },
          t('case.confidence', { tag: label('kind', reading.issueKind), value: percent(reading.issueKindConfidence) }))),
      h('p', { class: 'meta-line' }, t('case.evidence')),
      reading.evidence?.length ? h('ul', { class: 'evidence', id: 'case-evidence' }, reading.evidence.map((e) => h('li', {}, String(e))))
        : h('p', { class: 'meta-line' }, t('case.noEvidence')),
      h('p', { class: 'meta-line' }, changed
        ? t('case.tagsChanged', { version: reading.classifierVersion || '?', time: when(reading.classifiedAt) })
        : t('case.tagsNote', { version: reading.classifierVersion || '?', time: when(reading.classifiedAt) }))) : null);
}

function renderCase(c, keepActions = false) {
  state.selected = c;
  const actions = keepActions ? $('case-actions') : actionsFor(c);
  $('case-none').hidden = true;
  $('case-body').replaceChildren(
    h('div', { id: 'case-view', 'data-case-id': c.id, 'data-status': c.status, 'data-case-type': c.caseType },
      emergingBanner(c),
      h('dl', { class: 'facts' },
        h('dt', {}, t('case.status')), h('dd', { id: 'case-status' }, label('status', c.status)),
        h('dt', {}, t('case.assignee')), h('dd', { id: 'case-assignee' }, c.assignee || t('case.nobody')),
        h('dt', {}, t('queue.col.team')), h('dd', {}, teamName(c.teamId)),
        h('dt', {}, t('queue.col.due')), h('dd', {}, slaCell(c))),
      h('h3', {}, t('case.post')),
      h('blockquote', { class: 'post-text', id: 'case-text', lang: textLang(c) }, c.text || ''),
      h('p', { class: 'meta-line' }, isEmerging(c)
        ? t('emerging.raised', { alertId: c.emergingIssue?.alertId || c.postId, state: alertState(c.emergingIssue), time: when(c.createdAt) })
        : t('case.by', { author: c.author || '?', platform: c.platform || '?', time: when(c.createdAt) })),
      isEmerging(c) && c.emergingIssue
        ? h('section', { class: 'linked', 'aria-labelledby': 'linked-heading' },
          h('h3', { id: 'linked-heading' }, t('emerging.linked', { count: c.emergingIssue.linkedCases ?? 0 })),
          h('ul', { class: 'linked-list', id: 'linked-cases' }),
          h('p', { id: 'linked-more-box', hidden: true },
            h('button', { type: 'button', class: 'secondary', id: 'linked-more', onclick: () => loadLinked(c.id, state.linkedPage + 1) },
              t('emerging.more'))))
        : null,
      c.url && /^https?:\/\//.test(c.url)
        ? h('p', {}, h('a', { href: c.url, target: '_blank', rel: 'noopener noreferrer', id: 'case-original' }, t('case.original')))
        : null,
      h('h3', {}, t('case.tags')),
      h('div', { id: 'case-tags' }),
      h('h3', {}, t('case.routing')),
      h('p', { id: 'case-reason' }, c.reason || ''),
      h('p', { class: 'meta-line' }, t('case.routedTo', { team: teamName(c.teamId), priority: label('priority', c.priority), due: when(c.dueBy) })),
      h('h3', {}, t('case.actions')),
      actions,
      h('h3', {}, t('case.history')),
      h('ol', { class: 'history', id: 'history' }, c.history.map((e) => h('li', { 'data-type': e.type },
        h('strong', {}, label('event', e.type)), ' · ', e.actor || '', ' · ', h('time', { datetime: e.occurredAt }, when(e.occurredAt)),
        Object.keys(e.details || {}).length
          ? h('p', { class: 'details' }, Object.entries(e.details).map(([k, v]) => `${label('detail', k)}: ${detailValue(k, v)}`).join('\n')) : null)))));
  renderTags();
  if (isEmerging(c) && c.emergingIssue) loadLinked(c.id, 0);
  tickSla();
  document.querySelectorAll('#queue-body tr').forEach((row) => {
    if (row.dataset.caseId === c.id) row.setAttribute('aria-current', 'true'); else row.removeAttribute('aria-current');
  });
}

const alertState = (issue) => label('alertState', String(issue?.state ?? '').toLowerCase());

/** On the case of a post that is part of a surge: which emerging issue, and a way to its case. */
function emergingBanner(c) {
  const issue = c.emergingIssue;
  // the emerging-issue case itself names itself: its badge (tags) and the alert under its text say it
  if (!issue || issue.caseId === c.id || isEmerging(c)) return null;
  return h('div', { class: 'emerging-banner', id: 'case-emerging', role: 'note', 'data-alert-id': issue.alertId, 'data-case-id': issue.caseId },
    h('p', {}, t('emerging.partOf', { alertId: issue.alertId, state: alertState(issue) })),
    h('button', { type: 'button', class: 'secondary', id: 'case-emerging-open', onclick: () => openCase(issue.caseId) }, t('emerging.open')));
}

const LINKED_PAGE = 20;

/**
 * The cases of the surge's posts (GET /api/cases/{id}/linked, oldest post first), one page at a time: page 0
 * replaces the list, a further page (the "more" button) adds to it. Dropped when another case was opened meanwhile.
 */
async function loadLinked(caseId, page) {
  let body;
  try {
    body = await get(`/api/cases/${encodeURIComponent(caseId)}/linked?page=${page}&size=${LINKED_PAGE}`);
  } catch (e) {
    if (state.selected?.id === caseId) showError(e);
    return;
  }
  const list = $('linked-cases');
  if (state.selected?.id !== caseId || !list) return;
  const items = body?.items || [];
  const entries = items.map((l) => h('li', { 'data-case-id': l.id, 'data-post-id': l.postId, 'data-status': l.status },
    h('button', { type: 'button', class: 'open-case', onclick: () => openCase(l.id) },
      h('span', { class: 'excerpt' }, l.text || l.postId)),
    h('p', { class: 'meta-line' }, [l.author, label('status', l.status), label('priority', l.priority),
      l.teamId !== state.selected.teamId ? teamName(l.teamId) : null, when(l.createdAt)].filter(Boolean).join(' · '))));
  if (page === 0) list.replaceChildren(...(entries.length ? entries : [h('li', { class: 'empty' }, t('emerging.noLinked'))]));
  else list.append(...entries);
  state.linkedPage = page;
  const total = body?.total ?? 0;
  $('linked-heading').textContent = t('emerging.linked', { count: total });
  $('linked-more-box').hidden = (page + 1) * LINKED_PAGE >= total;
  if (page > 0) entries[0]?.querySelector('button')?.focus(); // the keyboard goes on where the new ones start
}

/** A history detail as a person reads it: dates, priorities, kinds, teams and files by their names. */
function detailValue(key, value) {
  if (key === 'dueBy') return when(value);
  if (key === 'priority') return label('priority', value);
  if (key === 'fromIssueKind' || key === 'toIssueKind') return label('kind', value);
  if (key === 'fromTeam' || key === 'toTeam') return teamName(value);
  if (key === 'fromPolicyFile' || key === 'toPolicyFile') return policyName(value);
  return value;
}

/** Runs one action; the answer is the case after it. */
async function act(name, path, body, form) {
  clearMessages();
  const buttons = form ? form.querySelectorAll('button') : [];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const details = await post(`/api/cases/${encodeURIComponent(state.selected.id)}/${path}`, body);
    renderCase(details);
    announce(t('action.done', { action: name }));
    await refresh();
    $('case').focus();
  } catch (e) {
    showError(e);
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

function field(id, key, control) {
  return h('label', { for: id }, t(key), control);
}

function actionsFor(c) {
  const resolved = c.status === 'resolved';
  const box = h('div', { class: 'actions', id: 'case-actions' });
  const quick = h('div', { class: 'row' });
  if (c.status === 'open' || c.status === 'assigned') {
    quick.append(h('button', { type: 'button', id: 'action-claim', onclick: () => act(t('action.claim'), 'claim') }, t('action.claim')));
  }
  if (c.status === 'awaiting-approval') {
    quick.append(h('button', { type: 'button', id: 'action-approve', onclick: () => act(t('action.approve'), 'approve') }, t('action.approve')));
  }
  if (quick.children.length) box.append(quick);

  if (['open', 'assigned', 'claimed', 'responded'].includes(c.status)) {
    const form = h('form', { id: 'respond-form', novalidate: true },
      h('div', { class: 'side-by-side' },
        field('respond-en', 'action.respond.en', h('textarea', { id: 'respond-en', name: 'textEn', lang: 'en', maxlength: 5000 })),
        field('respond-fr', 'action.respond.fr', h('textarea', { id: 'respond-fr', name: 'textFr', lang: 'fr', maxlength: 5000 }))),
      h('div', { class: 'row' },
        field('respond-channel', 'action.respond.channel', h('input', { id: 'respond-channel', name: 'channel', type: 'text', value: c.platform || 'website', maxlength: 40, required: true })),
        field('respond-link', 'action.respond.link', h('input', { id: 'respond-link', name: 'link', type: 'url', maxlength: 2048 }))),
      h('div', {}, h('button', { type: 'submit', id: 'respond-submit' }, t('action.respond.submit'))));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const v = Object.fromEntries(new FormData(form).entries());
      act(t('action.respond'), 'respond', { textEn: v.textEn || null, textFr: v.textFr || null, channel: v.channel, link: v.link || null }, form);
    });
    box.append(h('details', { open: c.status !== 'responded' }, h('summary', {}, t('action.respond')), form));
  }

  if (!resolved) {
    const resolve = h('form', { id: 'resolve-form', novalidate: true },
      field('resolve-resolution', 'action.resolve.resolution', h('input', { id: 'resolve-resolution', name: 'resolution', type: 'text', maxlength: 2000 })),
      h('div', {}, h('button', { type: 'submit', id: 'resolve-submit' }, t('action.resolve.submit'))));
    resolve.addEventListener('submit', (event) => {
      event.preventDefault();
      const v = Object.fromEntries(new FormData(resolve).entries());
      act(t('action.resolve'), 'resolve', { resolution: v.resolution || null }, resolve);
    });
    box.append(h('details', { open: c.status === 'responded' }, h('summary', {}, t('action.resolve')), resolve));

    const unchanged = [['', t('action.reroute.unchanged')]];
    const reroute = h('form', { id: 'reroute-form', novalidate: true },
      h('div', { class: 'row' },
        field('reroute-policy', 'action.reroute.policyFile', select('reroute-policy', 'policyFile',
          [...unchanged, ...[...state.policyFiles.keys()].sort().map((id) => [id, policyName(id)])])),
        field('reroute-team', 'action.reroute.team', select('reroute-team', 'teamId',
          [...unchanged, ...[...state.teams.keys()].map((id) => [id, teamName(id)])])),
        field('reroute-kind', 'action.reroute.kind', select('reroute-kind', 'issueKind',
          [...unchanged, ...KINDS.map((k) => [k, label('kind', k)])]))),
      field('reroute-reason', 'action.reroute.reason', h('input', { id: 'reroute-reason', name: 'reason', type: 'text', maxlength: 1000 })),
      h('div', {}, h('button', { type: 'submit', id: 'reroute-submit' }, t('action.reroute.submit'))));
    reroute.addEventListener('submit', (event) => {
      event.preventDefault();
      const v = Object.fromEntries(new FormData(reroute).entries());
      act(t('action.reroute'), 'reroute', { policyFile: v.policyFile || null, teamId: v.teamId || null,
        issueKind: v.issueKind || null, reason: v.reason || null }, reroute);
    });
    box.append(h('details', {}, h('summary', {}, t('action.reroute')), reroute));
  }

  const note = h('form', { id: 'note-form', novalidate: true },
    field('note-text', 'action.note.text', h('textarea', { id: 'note-text', name: 'text', maxlength: 5000 })),
    h('div', {}, h('button', { type: 'submit', id: 'note-submit' }, t('action.note.submit'))));
  note.addEventListener('submit', (event) => {
    event.preventDefault();
    act(t('action.note'), 'notes', { text: new FormData(note).get('text') }, note);
  });
  box.append(h('details', {}, h('summary', {}, t('action.note')), note));
  return box;
}

function select(id, name, choices) {
  return h('select', { id, name }, choices.map(([value, text]) => h('option', { value }, text)));
}

// ---- live updates: the server's event stream, else polling while the tab is visible -------------------------

/** Polls every 5 s, or every minute while the live stream is up (it carries the cases, not the alerts). */
function startPolling() {
  stopPolling();
  state.timer = setInterval(() => {
    if (document.visibilityState === 'visible') {
      refresh();
      loadAlerts();
    }
  }, state.liveUp ? LIVE_POLL_MS : POLL_MS);
  loadAlerts();
}

/**
 * Opens the live stream of the person's teams (GET /api/cases/events): each change of a case refreshes the queue
 * (and the open case when it is the one). The service ends a stream after about a minute; the console reconnects
 * at once and refreshes, so nothing said between two streams is missed. A refused or broken stream (an older
 * service, too many streams, a proxy in the way) falls back to polling and is tried again later.
 */
async function startLive() {
  stopLive();
  const controller = new AbortController();
  state.live = controller;
  while (state.live === controller) {
    const started = Date.now();
    try {
      await stream('/api/cases/events', (event) => onLiveEvent(event, controller), controller.signal);
      // a stream that a proxy cuts at once would make a busy loop: poll for a while instead
      if (Date.now() - started < 5000 && state.live === controller) {
        setLive(false);
        await new Promise((resolve) => setTimeout(resolve, STREAM_RETRY_MS));
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        showError(e);
        return;
      }
      if (state.live !== controller) return;
      setLive(false);
      await new Promise((resolve) => setTimeout(resolve, STREAM_RETRY_MS));
    }
  }
}

function onLiveEvent(event, controller) {
  if (state.live !== controller) return;
  if (event.event === 'ready') {
    setLive(true);
    refresh(); // what happened while no stream was open
  } else if (event.event === 'case') {
    // several changes in a burst make one refresh
    if (!state.pending) state.pending = setTimeout(() => { state.pending = null; refresh(); }, 300);
    if (event.data?.type === 'routed' || event.data?.type === 'rerouted') loadAlerts();
  }
}

function setLive(up) {
  if (state.liveUp === up) return;
  state.liveUp = up;
  if (state.me) startPolling();
}

function stopLive() {
  state.live?.abort();
  state.live = null;
  state.liveUp = false;
}

function stopPolling() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

document.addEventListener('visibilitychange', () => {
  if (!state.me) return;
  if (document.visibilityState === 'visible') refresh();
  else if (!state.liveUp) $('queue-meta').textContent = t('queue.paused');
});

// ---- start ------------------------------------------------------------------------------------------------

function rerender() {
  translate(document);
  $('lang-toggle').setAttribute('lang', lang() === 'en' ? 'fr' : 'en');
  if (!state.me) return;
  renderWho();
  fillFilters();
  renderQueue();
  if (state.selected) renderCase(state.selected, false);
  loadAlerts();
}

$('lang-toggle').addEventListener('click', () => {
  setLang(lang() === 'en' ? 'fr' : 'en');
  rerender();
});
$('sign-out').addEventListener('click', () => (sso && !apiKey() ? endSession() : signOut()));
$('sso-signin-button').addEventListener('click', () => location.assign(sso.signIn));
$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('api-key').value.trim();
  if (key) signIn(key);
});
$('filters').addEventListener('change', () => {
  state.seen = null;
  refresh();
});
$('refresh').addEventListener('click', () => refresh());
setInterval(tickSla, 1000);

setLang(lang());
rerender();
// with a key kept in this tab, sign in again without showing the form; otherwise a single sign-on session, or ask
get('/console/config').catch(() => ({})).then((config) => {
  sso = config?.sso ?? null;
  $('sso-signin').hidden = !sso;
  const failed = new URLSearchParams(location.search).get('signin') === 'failed';
  if (failed) history.replaceState(null, '', '/');
  if (apiKey()) signIn(apiKey());
  else if (sso && !failed) resumeSession();
  else {
    signOut();
    if (failed) showError(new ApiError(0, t('signin.ssoFailed'), t('signin.ssoFailedDetail')));
  }
});
