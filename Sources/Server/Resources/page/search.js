// Search: one box with the query language of `callvault search`, filters, results grouped by
// call. The query string holds the search, so it can be shared or bookmarked. With an empty box
// the view lists the latest calls with the same filters (there, "has transcript" applies).
import { api, query } from './api.js';
import { h, snippet, clock, when, announce } from './dom.js';

const FILTERS = ['from', 'to', 'phone', 'speaker', 'direction', 'has_transcript'];

function field(id, label, input, help) {
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), input, help ? h('small', { id: id + '-help', class: 'muted', text: help }) : null);
}

export async function renderSearch(context, params) {
  const { main } = context;
  document.title = 'Search · callvault';
  const q = params.get('q') || '';
  const box = h('input', {
    id: 'q', name: 'q', type: 'search', value: q, autocomplete: 'off', spellcheck: 'false', maxlength: '250',
    'aria-describedby': 'q-help', 'data-autofocus': true, placeholder: 'refund "cancel my subscription" -trial',
  });
  const from = h('input', { id: 'from', name: 'from', type: 'date', value: params.get('from') || '' });
  const to = h('input', { id: 'to', name: 'to', type: 'date', value: params.get('to') || '' });
  const phone = h('input', { id: 'phone', name: 'phone', type: 'text', inputmode: 'tel', maxlength: '64', value: params.get('phone') || '', autocomplete: 'off' });
  const speaker = h('input', { id: 'speaker', name: 'speaker', type: 'text', maxlength: '200', value: params.get('speaker') || '', autocomplete: 'off' });
  const direction = h('select', { id: 'direction', name: 'direction' },
    h('option', { value: '', text: 'Any' }), h('option', { value: 'inbound', text: 'Inbound' }), h('option', { value: 'outbound', text: 'Outbound' }));
  direction.value = (params.get('direction') || '').toLowerCase();
  const hasTranscript = h('input', { id: 'has_transcript', name: 'has_transcript', type: 'checkbox', value: 'true' });
  hasTranscript.checked = params.get('has_transcript') === 'true';
  const filtersOpen = FILTERS.some((name) => params.get(name));
  const form = h('form', { id: 'search-form', role: 'search', class: 'search', 'aria-label': 'Search transcripts' },
    h('div', { class: 'searchline' },
      h('label', { for: 'q', class: 'visually-hidden', text: 'What was said' }),
      box,
      h('button', { type: 'submit', text: 'Search' })),
    h('p', { id: 'q-help', class: 'muted small', text: 'All words must occur; "exact phrase", a OR b, -exclude, prefix*. Press / to come back here.' }),
    h('details', { class: 'filters', open: filtersOpen },
      h('summary', { text: 'Filters' }),
      h('div', { class: 'filter-grid' },
        field('from', 'From date', from),
        field('to', 'To date (inclusive)', to),
        field('phone', 'Phone number', phone, 'Whole number or its start or end'),
        field('speaker', 'Speaker', speaker, 'Part of a name; search only'),
        field('direction', 'Direction', direction),
        h('div', { class: 'field check' }, hasTranscript, h('label', { for: 'has_transcript', text: 'Has a transcript (list only)' })))));
  const summary = h('p', { id: 'summary', class: 'summary', role: 'status' });
  const results = h('ol', { id: 'results', class: 'results', 'aria-label': 'Calls found' });
  main.append(h('h1', { class: 'visually-hidden', text: 'Search calls' }), form, summary, results);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = query({
      q: box.value.trim(), from: from.value, to: to.value, phone: phone.value.trim(), speaker: speaker.value.trim(),
      direction: direction.value, has_transcript: hasTranscript.checked ? 'true' : '',
    });
    context.navigate('/' + next, { replace: next === location.search });
  });
  box.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = results.querySelector('a');
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  results.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...results.querySelectorAll('a')];
    const index = links.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    if (event.key === 'ArrowUp' && index === 0) { box.focus(); return; }
    const next = links[Math.min(links.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    next.focus();
  });

  const filters = {
    from: params.get('from'), to: params.get('to'), phone: params.get('phone'), direction: params.get('direction'),
  };
  summary.textContent = 'Searching…';
  if (q) {
    const data = await api('/search' + query({ q, ...filters, speaker: params.get('speaker'), limit: 100 }));
    if (!context.isCurrent()) return;
    showHits(context, results, summary, data, q);
  } else {
    const data = await api('/recordings' + query({ ...filters, has_transcript: params.get('has_transcript'), limit: 50 }));
    if (!context.isCurrent()) return;
    showRecordings(results, summary, data);
  }
}

function parties(from, to, fromName, toName) {
  const a = [fromName, from].filter(Boolean).join(' ');
  const b = [toName, to].filter(Boolean).join(' ');
  return (a || 'unknown') + ' → ' + (b || 'unknown');
}

function callHeader(link, start, direction, partiesText, durationSeconds) {
  return h('div', { class: 'call-head' },
    h('a', { href: link, 'data-nav': true, class: 'call-link' }, h('time', { datetime: start, text: when(start) })),
    direction ? h('span', { class: 'tag ' + String(direction).toLowerCase(), text: direction }) : null,
    h('span', { class: 'parties', text: partiesText }),
    durationSeconds !== undefined && durationSeconds !== null ? h('span', { class: 'duration', text: clock(durationSeconds), 'aria-label': 'Duration ' + clock(durationSeconds) }) : null);
}

function showHits(context, results, summary, data, q) {
  // Group hits by call, keeping the order of each call's best hit.
  const groups = new Map();
  for (const hit of data.results) {
    if (!groups.has(hit.recordingId)) groups.set(hit.recordingId, []);
    groups.get(hit.recordingId).push(hit);
  }
  const shown = data.results.length;
  summary.textContent = data.total === 0 ? 'Nothing was said like that.'
    : `${data.total}${data.totalIsExact === false ? '+' : ''} matching ${data.total === 1 ? 'moment' : 'moments'} in ${groups.size} ${groups.size === 1 ? 'call' : 'calls'}` + (shown < data.total ? ` (best ${shown} shown)` : '');
  announce(summary.textContent);
  results.replaceChildren();
  for (const [recordingId, hits] of groups) {
    const first = hits[0];
    const base = '/' + query({ call: recordingId, q });
    const moments = h('ul', { class: 'moments', 'aria-label': 'Moments' });
    for (const hit of hits.slice(0, 5)) {
      const href = '/' + query({ call: recordingId, t: hit.start.toFixed(2), q });
      moments.append(h('li', {},
        h('a', { href, 'data-nav': true, class: 'moment', dataset: { start: String(hit.start), recording: recordingId } },
          h('span', { class: 'at', text: clock(hit.start) }),
          hit.speaker ? h('span', { class: 'speaker', text: hit.speaker + ':' }) : null,
          h('span', { class: 'snippet' }, snippet(hit.snippet)))));
    }
    if (hits.length > 5) moments.append(h('li', { class: 'muted', text: `and ${hits.length - 5} more in this call` }));
    results.append(h('li', { class: 'call card', dataset: { recording: recordingId } },
      callHeader(base, first.callStart, first.direction, parties(first.from, first.to), first.durationSeconds),
      moments));
  }
}

function showRecordings(results, summary, data) {
  const list = data.recordings || [];
  summary.textContent = list.length ? `The latest ${list.length} ${list.length === 1 ? 'call' : 'calls'}; type in the box to search what was said.` : 'No calls match these filters.';
  results.replaceChildren();
  for (const recording of list) {
    results.append(h('li', { class: 'call card', dataset: { recording: recording.id } },
      callHeader('/' + query({ call: recording.id }), recording.callStart, recording.direction,
        parties(recording.fromNumber, recording.toNumber, recording.fromName, recording.toName), recording.durationSeconds),
      h('p', { class: 'muted small', text: `Recording ${recording.id} · ${recording.state}` + (recording.transcriptState ? ` · transcript ${recording.transcriptState}` : '') })));
  }
}
