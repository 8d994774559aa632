// The operator page: sign-in, then three views chosen by the query string so that every view
// can be shared or bookmarked: `/?q=…` (search), `/?call=ID&t=SECONDS` (a call), `/?view=ops`.
import { api, setCSRF, SignedOut, APIFailure } from './api.js';
import { h, announce, failure } from './dom.js';
import { renderSearch } from './search.js';
import { renderCall } from './call.js';
import { renderOps } from './ops.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let signedIn = false;
// Each rendering gets a number; work of an older one stops touching the page.
let generation = 0;

/** Moves to `url` (same origin) inside the page, keeping history. */
export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route();
}

/** What views call when the API refuses or fails. */
export function handleError(error) {
  if (error instanceof SignedOut) {
    showSignIn('Your session has ended. Sign in again.');
    return;
  }
  const message = error instanceof APIFailure ? error.message : 'Something went wrong: ' + (error && error.message ? error.message : error);
  main.append(failure(message));
}

function current() { return generation; }

async function route() {
  if (!signedIn) return;
  const mine = ++generation;
  const params = new URLSearchParams(location.search);
  const view = params.get('view') === 'ops' ? 'ops' : params.get('call') ? 'call' : 'search';
  for (const link of nav.querySelectorAll('a')) link.removeAttribute('aria-current');
  const active = document.getElementById(view === 'ops' ? 'nav-ops' : 'nav-search');
  if (view !== 'call' && active) active.setAttribute('aria-current', 'page');
  main.replaceChildren();
  const context = { main, navigate, handleError, isCurrent: () => current() === mine };
  try {
    if (view === 'ops') await renderOps(context);
    else if (view === 'call') await renderCall(context, params.get('call'), Number(params.get('t') || 0), params);
    else await renderSearch(context, params);
  } catch (error) {
    if (context.isCurrent()) handleError(error);
  }
}

function showSignIn(message) {
  signedIn = false;
  generation++;
  setCSRF(null);
  nav.hidden = true;
  document.title = 'Sign in · callvault';
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'current-password', required: true,
    'aria-describedby': 'token-help', spellcheck: 'false',
  });
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', text: 'Sign in' });
  const form = h('form', { id: 'signin', class: 'card signin', method: 'post', action: '/session', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title', text: 'Sign in to callvault' }),
    message ? h('p', { class: 'notice', text: message }) : null,
    h('label', { for: 'token', text: 'API token' }),
    input,
    h('p', { id: 'token-help', class: 'muted', text: 'The value of CALLVAULT_API_TOKEN. It is exchanged for a session cookie and not kept by this page.' }),
    button, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    button.disabled = true;
    const token = input.value;
    input.value = '';
    try {
      const state = await api('/session', { method: 'POST', body: { token } });
      setCSRF(state.csrfToken);
      signedIn = true;
      nav.hidden = false;
      announce('Signed in');
      await route();
      focusMain();
    } catch (failed) {
      error.textContent = failed instanceof APIFailure ? failed.message : 'Sign-in failed; try again.';
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  main.replaceChildren(form);
  input.focus();
}

function focusMain() {
  const target = main.querySelector('[data-autofocus]') || main;
  target.focus();
}

async function signOut() {
  try {
    await api('/session', { method: 'DELETE' });
  } catch (error) {
    // Signed out either way: the cookie is cleared or no longer valid.
  }
  announce('Signed out');
  history.replaceState(null, '', '/');
  showSignIn('You are signed out.');
}

async function start() {
  document.getElementById('sign-out').addEventListener('click', signOut);
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[data-nav]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => route());
  document.addEventListener('keydown', (event) => {
    const typing = event.target.closest && event.target.closest('input, textarea, select');
    if (event.key === '/' && !typing && signedIn) {
      const box = document.getElementById('q');
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });
  let state;
  try {
    state = await api('/session');
  } catch (error) {
    main.replaceChildren(failure('The server did not answer; reload the page to try again.'));
    return;
  }
  if (!state.signedIn) { showSignIn(); return; }
  setCSRF(state.csrfToken);
  signedIn = true;
  nav.hidden = false;
  await route();
}

start();
