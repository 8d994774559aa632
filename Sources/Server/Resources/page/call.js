// One call: the player on the signed stream link, the transcript beside it following the
// playback (the segment being spoken is highlighted; a click seeks there), the insights, the
// files with their checksums, download and export.
import { api, query } from './api.js';
import { h, clock, when, bytes, announce } from './dom.js';

let exportSupported = null;

/** Whether this server has `GET /recordings/{id}/export` (its OpenAPI document says). */
async function hasExport() {
  if (exportSupported === null) {
    try {
      const text = await api('/openapi.yaml');
      exportSupported = typeof text === 'string' && text.includes('/recordings/{id}/export:');
    } catch (error) {
      exportSupported = false;
    }
  }
  return exportSupported;
}

function speakerName(speakers, id, index) {
  const speaker = speakers.get(id);
  if (speaker && speaker.name) return speaker.name;
  if (speaker && speaker.isInternal !== undefined) return speaker.isInternal ? 'Agent' : 'Customer';
  return id !== undefined && id !== null ? 'Speaker ' + id : 'Speaker';
}

function row(label, value) {
  if (value === undefined || value === null || value === '') return null;
  return [h('dt', { text: label }), h('dd', {}, value)];
}

function holdText(details) {
  const hold = details.hold !== undefined ? details.hold : details.legalHold;
  if (hold === undefined || hold === null) return null;
  if (typeof hold === 'object') {
    const active = hold.active !== undefined ? hold.active : hold.onHold !== undefined ? hold.onHold : true;
    if (!active) return 'Not on hold';
    return 'On hold' + (hold.reason ? ': ' + hold.reason : '');
  }
  return hold ? 'On hold' : 'Not on hold';
}

export async function renderCall(context, id, startAt, params) {
  const { main } = context;
  const q = params.get('q');
  const back = h('a', { href: '/' + query({ q }), 'data-nav': true, class: 'back', text: q ? '← Back to the results' : '← Back to search' });
  main.append(back);
  const [details, exportable] = await Promise.all([api('/recordings/' + encodeURIComponent(id)), hasExport()]);
  if (!context.isCurrent()) return;
  const call = details.call || {};
  document.title = 'Call ' + when(call.startTimeMillis) + ' · callvault';

  const facts = h('dl', { class: 'facts' },
    row('Started', when(call.startTimeMillis)),
    row('Direction', call.direction),
    row('From', [call.fromName, call.fromNumber].filter(Boolean).join(' ')),
    row('To', [call.toName, call.toNumber].filter(Boolean).join(' ')),
    row('Duration', call.durationSeconds !== undefined ? clock(call.durationSeconds) : null),
    row('Result', call.result),
    row('Recording', `${details.id} (${details.recording ? details.recording.state : 'unknown'})`),
    row('Transcript', details.transcript ? details.transcript.state + (details.transcript.reason ? ': ' + details.transcript.reason : '') : null),
    row('Hold', holdText(details)));

  const audio = h('audio', { id: 'player', controls: true, preload: 'metadata', 'aria-label': 'Call recording' });
  const actions = h('div', { class: 'actions' });
  if (details.streamUrl) {
    audio.src = details.streamUrl;
    const separator = details.streamUrl.includes('?') ? '&' : '?';
    actions.append(h('a', { class: 'button', id: 'download', href: details.streamUrl + separator + 'download=1', download: '', text: 'Download audio' }));
  } else {
    actions.append(h('p', { class: 'muted', text: 'The audio is not available for streaming.' }));
  }
  if (exportable) {
    actions.append(h('a', { class: 'button', id: 'export', href: '/recordings/' + encodeURIComponent(details.id) + '/export', download: '', text: 'Export (zip)' }));
  }

  const transcriptList = h('ol', { id: 'segments', class: 'segments', 'aria-label': 'Transcript; choose a line to play from there' });
  const transcriptPanel = h('section', { class: 'transcript card', 'aria-labelledby': 'transcript-title' },
    h('h2', { id: 'transcript-title', text: 'Transcript' }), transcriptList);
  const player = h('section', { class: 'player card', 'aria-labelledby': 'player-title' },
    h('h2', { id: 'player-title', text: 'Recording' }), audio, actions);
  // In reading order (a phone shows one column): player, transcript, insights, files; wide
  // screens put the transcript beside the others.
  const grid = h('div', { class: 'call-grid' }, player, transcriptPanel);
  main.append(
    h('h1', { 'data-autofocus': true, tabindex: '-1', text: 'Call on ' + when(call.startTimeMillis) }),
    facts,
    grid);
  const insights = details.transcript && details.transcript.insights;
  grid.append(insights ? renderInsights(insights, (seconds) => seek(seconds)) : h('section', { class: 'insights' }));
  grid.append(renderFiles(details.files || []));

  let segments = [];
  let elements = [];
  let currentIndex = -1;

  function indexAt(time) {
    let found = -1;
    for (let index = 0; index < segments.length; index++) {
      if (segments[index].start <= time + 0.05) found = index;
      else break;
    }
    return found;
  }

  function highlight(time, follow) {
    const index = indexAt(time);
    if (index === currentIndex) return;
    if (currentIndex >= 0 && elements[currentIndex]) {
      elements[currentIndex].classList.remove('current');
      elements[currentIndex].removeAttribute('aria-current');
    }
    currentIndex = index;
    if (index < 0) return;
    const element = elements[index];
    element.classList.add('current');
    element.setAttribute('aria-current', 'true');
    // Keep the spoken line in view inside the transcript panel (when it scrolls by itself).
    if (follow && transcriptList.scrollHeight > transcriptList.clientHeight + 2) {
      const top = element.offsetTop - transcriptList.offsetTop;
      if (top < transcriptList.scrollTop || top + element.offsetHeight > transcriptList.scrollTop + transcriptList.clientHeight) {
        transcriptList.scrollTop = Math.max(0, top - transcriptList.clientHeight / 3);
      }
    }
  }

  function seek(seconds) {
    if (!details.streamUrl) return;
    audio.currentTime = seconds;
    highlight(seconds, true);
    history.replaceState(null, '', '/' + query({ call: id, t: Number(seconds).toFixed(2), q }));
    const playing = audio.play();
    if (playing && playing.catch) playing.catch(() => {});
  }

  audio.addEventListener('timeupdate', () => highlight(audio.currentTime, !audio.paused));
  audio.addEventListener('seeked', () => highlight(audio.currentTime, true));
  if (startAt > 0) {
    const jump = () => { audio.currentTime = startAt; highlight(startAt, true); };
    if (audio.readyState >= 1) jump();
    else audio.addEventListener('loadedmetadata', jump, { once: true });
  }

  if (details.transcript && details.transcript.state === 'available') {
    const document_ = await api('/recordings/' + encodeURIComponent(id) + '/transcript');
    if (!context.isCurrent()) return;
    const transcript = document_.transcript || {};
    const speakers = new Map((transcript.speakers || []).map((speaker) => [speaker.id, speaker]));
    segments = (transcript.segments || []).slice().sort((a, b) => a.start - b.start);
    elements = segments.map((segment, index) => {
      const button = h('button', {
        type: 'button', class: 'segment', dataset: { start: String(segment.start), end: String(segment.end), index: String(index) },
        'aria-label': `${clock(segment.start)}, ${speakerName(speakers, segment.speakerId)}: ${segment.text}`,
        onclick: () => seek(segment.start),
      },
        h('span', { class: 'at', text: clock(segment.start) }),
        h('span', { class: 'speaker', text: speakerName(speakers, segment.speakerId) }),
        h('span', { class: 'text', text: segment.text }));
      transcriptList.append(h('li', {}, button));
      return button;
    });
    if (!segments.length) transcriptList.append(h('li', { class: 'muted', text: 'The transcript is empty.' }));
    highlight(startAt > 0 ? startAt : audio.currentTime, true);
  } else {
    const state = details.transcript ? details.transcript.state : 'none';
    transcriptList.append(h('li', { class: 'muted', text: `No transcript (${state}).` }));
  }
  announce('Call loaded' + (startAt > 0 ? ', starting at ' + clock(startAt) : ''));
  const heading = main.querySelector('h1');
  if (heading && context.focus !== false) heading.focus({ preventScroll: true });
}

function renderInsights(insights, seek) {
  const section = h('section', { class: 'insights card', 'aria-labelledby': 'insights-title' }, h('h2', { id: 'insights-title', text: 'Insights' }));
  const facts = h('dl', { class: 'facts' },
    row('AI score', insights.aiScore),
    row('Sentiment', insights.sentiment));
  if (facts.childElementCount) section.append(facts);
  if (insights.summary) section.append(h('h3', { text: 'Summary' }), h('p', { text: insights.summary }));
  if (insights.bulletedSummary && insights.bulletedSummary.length) {
    section.append(h('h3', { text: 'In short' }), h('ul', {}, insights.bulletedSummary.map((line) => h('li', { text: line }))));
  }
  const moments = (title, list) => {
    if (!list || !list.length) return;
    section.append(h('h3', { text: title }), h('ul', { class: 'moment-list' }, list.map((moment) => h('li', {},
      typeof moment.start === 'number'
        ? h('button', { type: 'button', class: 'linkish', onclick: () => seek(moment.start), 'aria-label': 'Play from ' + clock(moment.start), text: clock(moment.start) })
        : null,
      ' ', moment.text))));
  };
  moments('Next steps', insights.nextSteps);
  moments('Highlights', insights.highlights);
  if (insights.callNotes) section.append(h('h3', { text: 'Call notes' }), h('p', { class: 'prewrap', text: insights.callNotes }));
  if (section.childElementCount === 1) section.append(h('p', { class: 'muted', text: 'No insights for this call.' }));
  return section;
}

function renderFiles(files) {
  const section = h('section', { class: 'files card', 'aria-labelledby': 'files-title' }, h('h2', { id: 'files-title', text: 'Files' }));
  if (!files.length) {
    section.append(h('p', { class: 'muted', text: 'No files are archived yet.' }));
    return section;
  }
  section.append(h('ul', { class: 'file-list' }, files.map((file) => h('li', {},
    h('div', {}, h('strong', { text: file.role }), ' ', h('span', { class: 'muted', text: `${file.format} · ${bytes(file.bytes)}` })),
    h('div', { class: 'path', text: file.relativePath }),
    h('div', {}, h('span', { class: 'muted', text: 'SHA-256 ' }), h('code', { class: 'hash', text: file.sha256 }))))));
  return section;
}
