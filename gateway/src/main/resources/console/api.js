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

/** Calls the API; resolves the parsed JSON body (null when none), rejects with ApiError. */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const key = apiKey();
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, t('error.title'), t('error.network'));
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null; // an HTML error page or plain text: the status line says enough
  }
  if (response.ok) return json;
  const problem = json && typeof json === 'object' ? json : {};
  const fields = Array.isArray(problem.errors)
    ? problem.errors.map((e) => ({ field: String(e.field ?? e.pointer ?? ''), message: String(e.message ?? e.detail ?? '') }))
    : [];
  const title = typeof problem.title === 'string' ? problem.title : `${t('error.title')} (${response.status})`;
  const detail = response.status === 401 ? t('error.unauthorized')
    : typeof problem.detail === 'string' ? problem.detail : '';
  throw new ApiError(response.status, title, detail, fields);
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
