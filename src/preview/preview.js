// handbill preview: filters the gallery by audience, message, format and
// language (kept in the address, so a reload keeps them), and swaps in the
// new build when the server says one is ready (server-sent events on
// /events): no manual reload, and the filters and scroll stay.
'use strict';
const KEYS = ['audience', 'message', 'format', 'language'];
let shown = Number(document.body.dataset.generation);

function form() { return document.getElementById('filters'); }

function chosen() {
  const f = form(), want = {};
  for (const k of KEYS) want[k] = f ? f.elements[k].value : '';
  return want;
}

// Shows the cards that match every filter, and the groups that still have one.
function applyFilters() {
  const want = chosen();
  for (const card of document.querySelectorAll('.card')) {
    card.hidden = !KEYS.every(k => !want[k] || card.dataset[k] === want[k]);
  }
  for (const kind of ['.format', '.message', '.audience']) {
    for (const s of document.querySelectorAll(kind)) s.hidden = !s.querySelector('.card:not([hidden])');
  }
  const texts = !form() || form().elements.texts.checked;
  document.body.classList.toggle('no-texts', !texts);
  const q = new URLSearchParams();
  for (const k of KEYS) if (want[k]) q.set(k, want[k]);
  if (!texts) q.set('texts', 'no');
  const search = q.toString();
  history.replaceState(null, '', search ? '?' + search : location.pathname);
}

function restoreFilters() {
  const f = form();
  if (!f) return;
  const q = new URLSearchParams(location.search);
  for (const k of KEYS) {
    const v = q.get(k);
    if (v && [...f.elements[k].options].some(o => o.value === v)) f.elements[k].value = v;
  }
  f.elements.texts.checked = q.get('texts') !== 'no';
}

function listen() {
  const f = form();
  if (!f) return;
  f.addEventListener('change', applyFilters);
  f.addEventListener('submit', e => { e.preventDefault(); applyFilters(); });
}

// Fetches the page again and swaps in its status, controls and content.
let busy = false, again = false;
async function refresh() {
  if (busy) { again = true; return; }
  busy = true;
  try {
    const r = await fetch('/', { cache: 'no-store' });
    const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
    const want = chosen(), texts = !form() || form().elements.texts.checked;
    document.getElementById('status').textContent = doc.getElementById('status').textContent;
    const inControls = document.getElementById('controls').contains(document.activeElement);
    if (!inControls) {
      document.getElementById('controls').replaceWith(doc.getElementById('controls'));
      listen();
      const f = form();
      if (f) {
        for (const k of KEYS) if ([...f.elements[k].options].some(o => o.value === want[k])) f.elements[k].value = want[k];
        f.elements.texts.checked = texts;
      }
    }
    document.getElementById('content').replaceWith(doc.getElementById('content'));
    shown = Number(doc.body.dataset.generation);
    document.body.dataset.generation = String(shown);
    applyFilters();
  } catch (e) {
    document.getElementById('status').textContent = 'The preview is not answering: is handbill preview still running?';
  } finally {
    busy = false;
    if (again) { again = false; refresh(); }
  }
}

restoreFilters();
listen();
applyFilters();
const events = new EventSource('/events');
events.addEventListener('build', e => { if (Number(e.data) !== shown) refresh(); });
