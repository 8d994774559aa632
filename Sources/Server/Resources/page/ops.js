// Operations: queue depth by kind and state, dead jobs with their last error and a retry
// button, rate-limit budgets and pauses, the webhook subscription and the last sync.
import { api } from './api.js';
import { h, when, announce } from './dom.js';

const STATES = ['available', 'scheduled', 'retryable', 'running', 'completed', 'dead', 'cancelled'];

function table(caption, headers, rows, id, numeric = []) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { id },
      h('caption', { text: caption }),
      h('thead', {}, h('tr', {}, headers.map((header, index) => h('th', { scope: 'col', class: numeric.includes(index) ? 'num' : null, text: header })))),
      h('tbody', {}, rows)));
}

export async function renderOps(context) {
  const { main } = context;
  document.title = 'Operations · callvault';
  const refresh = h('button', { type: 'button', id: 'refresh', text: 'Refresh' });
  const body = h('div', { id: 'ops-body' });
  main.append(h('div', { class: 'titleline' }, h('h1', { 'data-autofocus': true, tabindex: '-1', text: 'Operations' }), refresh), body);
  const load = async () => {
    const [queue, budgets, sync] = await Promise.all([api('/ops/queue'), api('/ops/budgets'), api('/ops/sync')]);
    if (!context.isCurrent()) return;
    body.replaceChildren(renderQueue(queue), renderDead(context, queue.dead), renderBudgets(budgets), renderSync(sync));
  };
  refresh.addEventListener('click', () => load().then(() => announce('Refreshed')).catch(context.handleError));
  await load();
}

function renderQueue(queue) {
  const rows = queue.kinds.map((kind) => h('tr', {},
    h('th', { scope: 'row', text: kind.kind }),
    STATES.map((state) => h('td', { class: 'num', text: String(kind.states[state] || 0) }))));
  rows.push(h('tr', { class: 'total' }, h('th', { scope: 'row', text: 'All kinds' }),
    STATES.map((state) => h('td', { class: 'num', text: String(queue.totals[state] || 0) }))));
  const age = queue.oldestRunnableAgeMillis;
  return h('section', { class: 'card', 'aria-labelledby': 'queue-title' },
    h('h2', { id: 'queue-title', text: 'Queue' }),
    h('p', { class: 'muted', text: age === undefined || age === null ? 'Nothing is waiting to run.' : `The oldest due job has waited ${Math.round(age / 1000)} s.` }),
    table('Jobs by kind and state', ['Kind', ...STATES], rows, 'queue-table', STATES.map((_, index) => index + 1)));
}

function renderDead(context, dead) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'dead-title' }, h('h2', { id: 'dead-title', text: 'Dead jobs' }));
  if (!dead.length) {
    section.append(h('p', { class: 'muted', id: 'no-dead', text: 'No dead jobs.' }));
    return section;
  }
  const rows = dead.map((job) => {
    const state = h('td', { class: 'state', text: job.state });
    const button = h('button', { type: 'button', class: 'retry', 'aria-label': `Retry job ${job.id} (${job.kind})`, text: 'Retry' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const retried = await api(`/ops/jobs/${job.id}/retry`, { method: 'POST' });
        state.textContent = retried.state;
        announce(`Job ${job.id} is ${retried.state}`);
        await follow(context, job.id, state);
      } catch (error) {
        button.disabled = false;
        context.handleError(error);
      }
    });
    return h('tr', { id: 'job-' + job.id, dataset: { job: String(job.id), kind: job.kind } },
      h('th', { scope: 'row', text: String(job.id) }),
      h('td', { text: job.kind }),
      h('td', { class: 'num', text: `${job.attempt}/${job.maxAttempts}` }),
      h('td', { class: 'error-text', text: job.lastError || '' }),
      h('td', {}, h('time', { datetime: job.finishedAt || job.updatedAt, text: when(job.finishedAt || job.updatedAt) })),
      state,
      h('td', {}, button));
  });
  section.append(table('Dead jobs, newest first', ['Job', 'Kind', 'Attempts', 'Last error', 'Died', 'State', 'Action'], rows, 'dead-table', [2]));
  return section;
}

/** Shows a retried job's state until it finishes (or a minute passes). */
async function follow(context, id, cell) {
  for (let tries = 0; tries < 120 && context.isCurrent(); tries++) {
    const job = await api(`/ops/jobs/${id}`);
    cell.textContent = job.state;
    if (job.state === 'completed' || job.state === 'dead' || job.state === 'cancelled') {
      announce(`Job ${id} is ${job.state}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function renderBudgets(data) {
  const rows = data.budgets.map((budget) => h('tr', {},
    h('th', { scope: 'row', text: budget.key }),
    h('td', { class: 'num', text: `${budget.available} of ${budget.limit}` }),
    h('td', { class: 'num', text: `${budget.windowSeconds} s` }),
    h('td', { text: budget.available > 0 ? 'now' : when(budget.nextTokenAt) }),
    h('td', { class: budget.pausedUntil ? 'paused' : '', text: budget.pausedUntil ? 'paused until ' + when(budget.pausedUntil) : 'no' })));
  return h('section', { class: 'card', 'aria-labelledby': 'budgets-title' },
    h('h2', { id: 'budgets-title', text: 'Rate-limit budgets' }),
    rows.length ? table('Rate-limit keys', ['Key', 'Available', 'Window', 'Next token', 'Paused'], rows, 'budgets-table', [1, 2])
      : h('p', { class: 'muted', text: 'No rate-limit keys are declared.' }));
}

function renderSync(sync) {
  const job = sync.lastSync.lastJob;
  const subscription = sync.subscription;
  return h('section', { class: 'card', 'aria-labelledby': 'sync-title' },
    h('h2', { id: 'sync-title', text: 'Webhook and sync' }),
    h('dl', { class: 'facts' },
      h('dt', { text: 'RingCentral' }), h('dd', { text: sync.ringCentralConfigured ? 'configured' : 'not configured in this process' }),
      h('dt', { text: 'Webhook subscription' }),
      h('dd', { text: (subscription.id ? 'recorded: ' + subscription.id : 'none recorded') + (subscription.managed ? ' (kept alive by serve)' : ' (not managed: CALLVAULT_PUBLIC_URL or RingCentral unset)') }),
      h('dt', { text: 'Synced up to' }), h('dd', { text: sync.lastSync.windowEnd ? when(sync.lastSync.windowEnd) : 'never' }),
      h('dt', { text: 'Last sync job' }),
      h('dd', { text: job ? `#${job.id} ${job.state}` + (job.finishedAt ? ' at ' + when(job.finishedAt) : '') + (job.lastError ? ' — ' + job.lastError : '') : 'none yet' })));
}
