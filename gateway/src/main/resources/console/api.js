// The gateway's API, with the signed-in key; errors become ApiError with a readable message, never raw JSON.
import { t } from './i18n.js';

const KEY = 'issuedesk.apiKey';

export class ApiError extends Error {
  /**
   * @param status HTTP status (0: no answer)
   * @param title  problem+json title, or a translated fallback
   * @param detail problem+json detail
   * @param fields [{field, message}] from problem+json errors
   */
  constructor(status, title, detail, fields = []) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.fields = fields;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key); else sessionStorage.removeItem(KEY);
}

/** The CSRF token the gateway gives a browser signed in by single sign-on (its XSRF-TOKEN cookie); null otherwise. */
export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : null;
}

/** The ApiError of a response that is not ok, from its problem+json body when it has one. */
async function problemOf(response) {
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null; // an HTML error page or plain text: the status line says enough
  }
  const problem = json && typeof json === 'object' ? json : {};
  const fields = Array.isArray(problem.errors)
    ? problem.errors.map((e) => ({ field: String(e.field ?? e.pointer ?? ''), message: String(e.message ?? e.detail ?? '') }))
    : [];
  const title = typeof problem.title === 'string' ? problem.title : `${t('error.title')} (${response.status})`;
  const detail = response.status === 401 ? t('error.unauthorized')
    : typeof problem.detail === 'string' ? problem.detail : '';
  return new ApiError(response.status, title, detail, fields);
}

/**
 * Reads a server-sent-event stream (text/event-stream) with fetch rather than EventSource, which cannot send the
 * X-API-Key header. Calls onEvent({event, id, data}) for each event (data parsed as JSON when it is JSON); resolves
 * when the server ends the stream, rejects with ApiError when it refuses it or the connection breaks.
 */
export async function stream(path, onEvent, signal) {
  const headers = { Accept: 'text/event-stream, application/problem+json' };
  const key = apiKey();
  if (key) headers['X-API-Key'] = key;
  let response;
  try {
    response = await fetch(path, { headers, signal, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, t('error.title'), t('error.network'));
  }
  if (!response.ok) throw await problemOf(response);
  if (!response.body || !String(response.headers.get('Content-Type')).startsWith('text/event-stream')) {
    throw new ApiError(response.status, t('error.title'), t('error.network'));
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = { event: 'message', id: null, data: '' };
        const data = [];
        for (const line of block.split('\n')) {
          if (!line || line.startsWith(':')) continue; // a comment: the heartbeat
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event.event = text;
          else if (field === 'id') event.id = text;
          else if (field === 'data') data.push(text);
        }
        if (!data.length) continue;
        try {
          event.data = JSON.parse(data.join('\n'));
        } catch (e) {
          event.data = data.join('\n');
        }
        onEvent(event);
      }
    }
  } catch (e) {
    if (signal?.aborted) return;
    throw new ApiError(0, t('error.title'), t('error.network'));
  }
}

/** Calls the API; resolves the parsed JSON body (null when none), rejects with ApiError. */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const key = apiKey();
  if (key) headers['X-API-Key'] = key;
  // signed in by single sign-on: the session cookie goes by itself, and a change must prove it comes from this page
  else if (method !== 'GET' && method !== 'HEAD' && csrfToken()) headers['X-XSRF-TOKEN'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, t('error.title'), t('error.network'));
  }
  if (!response.ok) throw await problemOf(response);
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
