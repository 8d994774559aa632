// Talks to callvault's API with the session cookie (sent by the browser, never readable here).
// Changes carry the session's CSRF token; the API token itself never reaches this code after
// sign-in and is never stored.

let csrfToken = null;

/** Thrown when the API says the browser is not (or no longer) signed in. */
export class SignedOut extends Error {
  constructor() { super('signed out'); this.name = 'SignedOut'; }
}

/** Thrown for any other refusal; `message` is the API's, meant for people. */
export class APIFailure extends Error {
  constructor(status, code, message) { super(message); this.name = 'APIFailure'; this.status = status; this.code = code; }
}

export function setCSRF(token) { csrfToken = token; }

/**
 * Calls the API. `path` is a same-origin path; `body` is sent as JSON.
 * Resolves with the parsed JSON (or text); rejects with SignedOut or APIFailure.
 */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-Callvault-CSRF'] = csrfToken;
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', redirect: 'error' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (response.ok) return data;
  const error = (data && data.error) || {};
  if (response.status === 401 && path !== '/session') throw new SignedOut();
  throw new APIFailure(response.status, error.code || 'http-' + response.status, error.message || response.statusText);
}

/** Builds a query string from the non-empty values of `params`. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}
