// The district console in the browser: plain JavaScript, no build step. Every page asks
// district-server's /admin/api/ (which decides what this account may see); text from the
// server is only ever set as text, never as HTML.
const pageRoot = document.getElementById('page');
let me = null;
// Each visit to a page gets a ticket; a page that finishes loading after the next visit began
// (a slow answer, a quick second click) draws nothing.
let routeTicket = 0;
function pageFor(ticket) {
  return {
    replaceChildren: (...nodes) => { if (ticket === routeTicket) pageRoot.replaceChildren(...nodes); },
    querySelector: selector => pageRoot.querySelector(selector),
  };
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (me) headers['X-CSRF-Token'] = me.csrf_token;
  }
  const response = await fetch('/admin/api/' + path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = {};
  try { data = await response.json(); } catch { /* an empty or non-JSON answer */ }
  if (response.status === 401 && path !== 'login') { showLogin('Your session ended: sign in again.'); }
  if (!response.ok) throw new ApiError(response.status, data.error || ('the server answered ' + response.status));
  return data;
}

function table(columns, rows, caption) {
  const head = el('tr', {}, ...columns.map(c => el('th', { scope: 'col', class: c.num ? 'num' : null, text: c.title })));
  const body = rows.map(row => el('tr', {}, ...columns.map(c => {
    const value = c.value(row);
    return el('td', { class: c.num ? 'num' : null }, value instanceof Node ? value : (value ?? ''));
  })));
  return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    el('table', {}, el('caption', { class: 'note', text: caption }), el('thead', {}, head), el('tbody', {}, ...body)));
}

function when(text) {
  if (!text) return 'never';
  const date = new Date(text);
  return isNaN(date) ? text : date.toLocaleString();
}

function showError(error) {
  pageRoot.replaceChildren(el('p', { class: 'error', role: 'alert', text: error.message }));
}

// Kiosks: flagged ones first, every kiosk's state, enrol and revoke (district IT).
async function kiosksPage(page, enrolled) {
  const data = await api('GET', 'kiosks');
  const admin = me.role === 'admin';
  const parts = [el('h2', { text: me.role === 'school' ? 'Kiosks at ' + me.scope : 'Kiosks' })];
  if (data.flagged.length) {
    parts.push(el('div', { class: 'flags', role: 'alert' }, el('strong', { text: data.flagged.length + ' kiosk(s) need attention' }),
      el('ul', {}, ...data.flagged.map(f => el('li', { text: `${f.name} (${f.school || 'no school'}): ${f.why}` })))));
  }
  const columns = [
    { title: 'Kiosk', value: k => k.name },
    { title: 'School', value: k => k.school },
    { title: 'State', value: k => el('span', { class: 'state ' + k.state, text: k.state }) },
    { title: 'Last seen', value: k => when(k.last_seen) },
    { title: 'Queue', num: true, value: k => k.queue_depth },
    { title: 'Oldest pending', value: k => k.oldest_pending_at ? when(k.oldest_pending_at) : '—' },
    { title: 'Clock offset', num: true, value: k => k.clock_offset_seconds + ' s' },
    { title: 'App', value: k => k.app_version || '—' },
    { title: 'Directory', value: k => (k.directory_version || '—').replace(/"/g, '').slice(0, 12) },
  ];
  if (admin) {
    columns.push({ title: 'Actions', value: k => k.state === 'revoked' ? '' : el('button', {
      type: 'button', class: 'danger', 'aria-label': 'Revoke ' + k.name, text: 'Revoke',
      onclick: async () => {
        if (!confirm(`Revoke ${k.name}? Its token stops working at once.`)) return;
        try { await api('POST', 'kiosks/' + encodeURIComponent(k.name) + '/revoke'); route(); } catch (e) { showError(e); }
      },
    }) });
  }
  parts.push(data.kiosks.length ? table(columns, data.kiosks, data.kiosks.length + ' kiosks, as of ' + when(data.now))
    : el('p', { class: 'note', text: 'No kiosks enrolled yet.' }));
  if (admin) parts.push(enrolForm(page, enrolled));
  page.replaceChildren(...parts);
  document.getElementById('new-token')?.focus();
}

// The enrol form; after an enrolment, the new kiosk's token and its QR code (shown this once).
function enrolForm(page, enrolled) {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'inline', novalidate: true },
    el('div', {}, el('label', { for: 'enrol-name', text: 'Kiosk name' }), el('input', { id: 'enrol-name', name: 'name', required: true, maxlength: '64', placeholder: 'lincoln-lobby' })),
    el('div', {}, el('label', { for: 'enrol-school', text: 'School' }), el('input', { id: 'enrol-school', name: 'school', required: true, maxlength: '200' })),
    el('button', { type: 'submit', text: 'Enrol kiosk' }));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.textContent = '';
    try {
      const made = await api('POST', 'kiosks', { name: form.elements.name.value.trim(), school: form.elements.school.value.trim() });
      await kiosksPage(page, made);
    } catch (e) { error.textContent = e.message; }
  });
  const result = enrolled ? el('div', { class: 'token', id: 'new-token', tabindex: '-1' },
    el('img', { alt: 'QR code of the token for ' + enrolled.name, src: 'data:image/svg+xml;base64,' + btoa(enrolled.qr_svg) }),
    el('div', {}, el('p', {}, el('strong', { text: enrolled.name + ' enrolled. ' }), 'Its token is shown this once only: put it in the kiosk\'s token file.'),
      el('code', { id: 'token-text', text: enrolled.token }))) : null;
  return el('section', { 'aria-labelledby': 'enrol-title' }, el('h3', { id: 'enrol-title', text: 'Enrol a kiosk' }), result, form, error);
}

// Attendance: week by week, per program, with the report's small-count suppression applied
// by the server to every number (a suppressed week is a gap in the chart, "<5" in the table).
async function attendancePage(page) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const query = new URLSearchParams();
  for (const name of ['from', 'to', 'program']) if (params.get(name)) query.set(name, params.get(name));
  const data = await api('GET', 'attendance' + (query.toString() ? '?' + query : ''));
  const title = me.role === 'partner' ? 'Attendance: ' + me.scope : 'Attendance';
  const form = el('form', { class: 'inline', novalidate: true },
    el('div', {}, el('label', { for: 'from', text: 'From' }), el('input', { id: 'from', name: 'from', type: 'date', value: data.from })),
    el('div', {}, el('label', { for: 'to', text: 'To' }), el('input', { id: 'to', name: 'to', type: 'date', value: data.to })),
    el('div', {}, el('label', { for: 'program', text: 'Program' }),
      el('select', { id: 'program', name: 'program' }, el('option', { value: '', text: 'Every program' }),
        ...data.programs.map(p => el('option', { value: p.id, text: p.name, selected: params.get('program') === p.id })))),
    el('button', { type: 'submit', text: 'Show' }));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of ['from', 'to', 'program']) if (form.elements[name].value) next.set(name, form.elements[name].value);
    location.hash = 'attendance?' + next;
  });
  const csv = el('a', { href: '/admin/api/attendance.csv?' + new URLSearchParams({ from: data.from, to: data.to, ...(params.get('program') ? { program: params.get('program') } : {}) }), text: 'Download CSV', download: '' });
  const shown = data.programs.filter(p => !params.get('program') || p.id === params.get('program'));
  const canvas = el('canvas', { id: 'attendance-chart', role: 'img', 'aria-label': 'Check-ins per week for each program; the table below has the same figures' });
  const rows = data.weeks.map(w => ({ week: w.week_of, cells: w.programs }));
  const columns = [{ title: 'Week of', value: r => r.week }];
  for (const p of shown) {
    columns.push({ title: p.name + ': check-ins / students / avg min', value: r => cell(r.cells[p.id], data.min_students) });
  }
  const totals = el('p', { class: 'note' }, ...shown.map(p => {
    const t = data.totals[p.id];
    return el('span', { text: `${p.name}: ` + (t && !t.suppressed ? `${t.check_ins} check-ins, ${t.unique_students} students over the period. ` : 'total withheld (a week or the period has under ' + data.min_students + ' students). ') });
  }));
  page.replaceChildren(el('h2', { text: title }), form,
    el('p', { class: 'note', text: `Groups with fewer than ${data.min_students} students are withheld, as in the district's reports. ` }, csv),
    el('div', { class: 'chart-box' }, canvas), totals, table(columns, rows, 'Week by week, ' + data.from + ' to ' + data.to));
  drawChart(canvas, data, shown);
}

function cell(row, min) {
  if (!row) return '—';
  if (row.suppressed) return el('span', { class: 'suppressed', text: `<${min} students: withheld` });
  return `${row.check_ins} / ${row.unique_students} / ${row.average_minutes ?? '—'}`;
}

function drawChart(canvas, data, programs) {
  if (!window.Chart) { canvas.replaceWith(el('p', { class: 'note', text: 'The chart needs Chart.js (libjs-chart.js); the table has every figure.' })); return; }
  const colors = ['#0d5c63', '#a4161a', '#5b3c88', '#8a4b00', '#1b6b2f', '#1f4e99', '#6b6b00'];
  new window.Chart(canvas, {
    type: 'line',
    data: {
      labels: data.weeks.map(w => w.week_of),
      datasets: programs.map((p, i) => ({
        label: p.name,
        data: data.weeks.map(w => (w.programs[p.id] && !w.programs[p.id].suppressed) ? w.programs[p.id].check_ins : null),
        borderColor: colors[i % colors.length], backgroundColor: colors[i % colors.length], spanGaps: false, tension: 0.2,
      })),
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'Check-ins' } } } },
  });
}

// School staff's day: today's check-ins per program, who is still here (counts), and the
// records that need a look.
async function todayPage(page) {
  const data = await api('GET', 'today');
  page.replaceChildren(el('h2', { text: (data.school ? data.school + ': ' : '') + 'today, ' + data.date }),
    data.programs.length
      ? table([{ title: 'Program', value: p => p.program }, { title: 'Check-ins', num: true, value: p => p.check_ins },
        { title: 'Checked out', num: true, value: p => p.checked_out }, { title: 'Still here', num: true, value: p => p.here_now }],
      data.programs, 'Check-ins today per program')
      : el('p', { class: 'note', text: 'No check-ins yet today.' }),
    el('h3', { text: 'Records to review (last 14 days)' }),
    data.review.length
      ? table([{ title: 'When', value: r => when(r.at) }, { title: 'Kiosk', value: r => r.kiosk }, { title: 'Student ID', value: r => r.student_id },
        { title: 'Program', value: r => r.program }, { title: 'In/out', value: r => r.kind }, { title: 'Why', value: r => r.why }],
      data.review, data.review.length + ' records: staff put them right at the kiosk (staff panel)')
      : el('p', { class: 'note', text: 'Nothing to review.' }));
}

// An upload with a preview: the file (and any other fields) is sent to `preview`, what it
// would do is shown with every refused row, and only then can it replace what is there.
function uploadSection({ id, title, fileLabel, accept, fields = [], body, preview, replace, describe, replaced }) {
  const result = el('div', { id: id + '-result', 'aria-live': 'polite' });
  const form = el('form', { class: 'inline', novalidate: true },
    el('div', {}, el('label', { for: id + '-file', text: fileLabel }), el('input', { id: id + '-file', name: 'file', type: 'file', accept, required: true })),
    ...fields.map(f => el('div', {}, el('label', { for: id + '-' + f.name, text: f.label }), el('input', { id: id + '-' + f.name, name: f.name, placeholder: f.placeholder || '', maxlength: '100' }))),
    el('button', { type: 'submit', id: id + '-preview', text: 'Preview' }));
  let upload = null;
  const fail = e => result.replaceChildren(el('p', { class: 'error', role: 'alert', text: e.message }));
  function show(answer, done) {
    const parts = [answer.error ? el('p', { class: 'error', role: 'alert', text: 'Refused, nothing would be replaced: ' + answer.error })
      : el('p', { id: id + '-summary', text: describe(answer) })];
    if (answer.refused && answer.refused.length) {
      parts.push(table([{ title: 'Record', value: r => r.where }, { title: 'Refused because', value: r => r.reason }], answer.refused, answer.refused.length + ' records would be refused'));
    }
    if (done) parts.push(el('p', { role: 'status', id: id + '-replaced', text: replaced(done) }));
    else if (!answer.error) {
      parts.push(el('button', { type: 'button', id: id + '-replace', text: 'Replace with this file', onclick: async () => {
        try { show(answer, await api('POST', replace, upload)); } catch (e) { fail(e); }
      } }));
    }
    result.replaceChildren(...parts);
  }
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const file = form.elements.file.files[0];
    if (!file) { fail(new Error('Choose a file first.')); return; }
    const values = {};
    for (const f of fields) values[f.name] = form.elements[f.name].value.trim();
    upload = body(file.name, await file.text(), values);
    try { show(await api('POST', preview, upload)); } catch (e) { fail(e); }
  });
  return el('section', { 'aria-labelledby': id + '-title' }, el('h3', { id: id + '-title', text: title }), form, result);
}

// The directory's freshness: services to confirm with their partner, per organization, and
// translations to redo.
async function directoryPage(page) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const months = params.get('months') || '12';
  const data = await api('GET', 'directory?months=' + encodeURIComponent(months));
  const form = el('form', { class: 'inline', novalidate: true },
    el('div', {}, el('label', { for: 'months', text: 'Not confirmed with the partner in' }),
      el('select', { id: 'months', name: 'months' }, ...['6', '12', '18', '24'].map(m => el('option', { value: m, text: m + ' months', selected: m === String(data.months) })))),
    el('button', { type: 'submit', text: 'Show' }));
  form.addEventListener('submit', event => { event.preventDefault(); location.hash = 'directory?months=' + form.elements.months.value; });
  const sections = data.organizations.map(o => el('section', {},
    el('h4', { text: `${o.organization} (${o.services.length})` }),
    o.email ? el('p', { class: 'note' }, 'Contact: ', el('a', { href: 'mailto:' + o.email, text: o.email })) : null,
    table([{ title: 'Service', value: s => s.name }, { title: 'Why', value: s => s.why }], o.services, o.services.length + ' services to confirm')));
  page.replaceChildren(el('h2', { text: 'Directory' }),
    el('p', { class: 'note', text: `${data.services} services in ${data.locales.join(', ')}, version ${String(data.version || '—').replace(/"/g, '')}, imported ${when(data.imported_at)}.` }),
    uploadSection({
      id: 'feed', title: 'Upload a directory feed (HSDS JSON or NDJSON)', fileLabel: 'Feed', accept: '.json,.ndjson',
      fields: [{ name: 'locale', label: 'Language (empty: the directory\'s own)', placeholder: 'es' }],
      body: (name, text, v) => ({ file_name: name, feed: text, ...(v.locale ? { locale: v.locale } : {}) }),
      preview: 'directory/preview', replace: 'directory',
      describe: a => a.translation
        ? `${a.file_name} (${a.format}): the ${a.locale} text of ${a.services} services.`
        : `${a.file_name} (${a.format}): ${a.services} services of ${a.organizations} organizations at ${a.locations} locations, ${a.categories} categories; ${a.new_services} new and ${a.removed_services} no longer listed, against the ${a.current_services} now.`,
      replaced: d => `Imported: ${d.imported} services. Kiosks get them at their next sync.`,
    }),
    el('h3', { text: 'Services to confirm with their partner' }),
    form,
    el('p', { id: 'to-confirm', text: `${data.services_to_confirm} services were not confirmed with their partner since ${data.assured_before} (or never).` }),
    ...sections,
    el('h3', { text: 'Translations to redo' }),
    data.stale_translations.length
      ? table([{ title: 'Language', value: t => t.locale }, { title: 'Service', value: t => t.name || t.id }, { title: 'Field', value: t => t.field }],
        data.stale_translations, data.stale_translations.length + ' fields whose source text changed after they were translated')
      : el('p', { class: 'note', text: 'Every translation is up to date.' }));
}

// Roster upload: a preview first (what would be imported, every refused row and why), and
// the replace only from a preview that has students.
async function rosterPage(page) {
  const result = el('div', { id: 'roster-result', 'aria-live': 'polite' });
  const form = el('form', { class: 'inline', novalidate: true },
    el('div', {}, el('label', { for: 'roster-file', text: 'Roster (CSV or JSON)' }), el('input', { id: 'roster-file', name: 'roster', type: 'file', accept: '.csv,.json', required: true })),
    el('div', {}, el('label', { for: 'adults-file', text: 'Authorized adults (CSV, optional)' }), el('input', { id: 'adults-file', name: 'adults', type: 'file', accept: '.csv' })),
    el('div', {}, el('label', { for: 'pickup-grades', text: 'Grades picked up by an adult' }), el('input', { id: 'pickup-grades', name: 'grades', placeholder: 'K,1,2', maxlength: '100' })),
    el('button', { type: 'submit', id: 'roster-preview', text: 'Preview' }));
  let upload = null;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const file = form.elements.roster.files[0];
    if (!file) { result.replaceChildren(el('p', { class: 'error', role: 'alert', text: 'Choose a roster file first.' })); return; }
    const adults = form.elements.adults.files[0];
    upload = { file_name: file.name, roster: await file.text(), pickup_grades: form.elements.grades.value.trim() };
    if (adults) upload.adults = await adults.text();
    try { showPreview(await api('POST', 'roster/preview', upload)); } catch (e) { result.replaceChildren(el('p', { class: 'error', role: 'alert', text: e.message })); }
  });
  function showPreview(preview, done) {
    const parts = [];
    if (preview.error) parts.push(el('p', { class: 'error', role: 'alert', id: 'preview-error', text: 'Refused, nothing would be replaced: ' + preview.error }));
    else parts.push(el('p', { id: 'preview-summary', text: `${preview.file_name}: ${preview.students} students (${preview.pickup_required} picked up by an adult, ${preview.authorized_adults} authorized adults) would replace the ${preview.current_students} on the server now.` }));
    if (preview.refused.length) {
      parts.push(table([{ title: 'Row', value: r => r.where }, { title: 'Refused because', value: r => r.reason }], preview.refused, preview.refused.length + ' rows would be refused'));
    }
    if (done) parts.push(el('p', { role: 'status', id: 'replaced', text: `Replaced: ${done.imported} students on the server. Kiosks get them at their next sync.` }));
    else if (!preview.error && preview.students > 0) {
      parts.push(el('button', { type: 'button', id: 'roster-replace', text: `Replace the roster with these ${preview.students} students`, onclick: async () => {
        try { showPreview(preview, await api('POST', 'roster', upload)); } catch (e) { result.replaceChildren(el('p', { class: 'error', role: 'alert', text: e.message })); }
      } }));
    }
    result.replaceChildren(...parts);
  }
  const programs = uploadSection({
    id: 'programs', title: 'Programs', fileLabel: 'Programs (JSON)', accept: '.json',
    body: (name, text) => ({ file_name: name, programs: text }), preview: 'programs/preview', replace: 'programs',
    describe: a => `${a.file_name}: ${a.programs} programs would replace the ${a.current_programs} on the server now.`,
    replaced: d => `Replaced: ${d.imported} programs. Kiosks get them at their next sync.`,
  });
  page.replaceChildren(el('h2', { text: 'Programs and roster' }), programs, el('h3', { text: 'Roster' }),
    el('p', { class: 'note', text: 'Columns: student_id, display_name, program_ids (separated by ;), and optionally grade, pickup_required, do_not_release. Adults: student_id, adult_id, display_name, relationship, pickup_code (hashed on the server, never stored).' }),
    form, result);
}

async function accountsPage(page) {
  const data = await api('GET', 'accounts');
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'inline', novalidate: true },
    el('div', {}, el('label', { for: 'acct-user', text: 'Username' }), el('input', { id: 'acct-user', name: 'username', required: true, maxlength: '64', autocomplete: 'off' })),
    el('div', {}, el('label', { for: 'acct-role', text: 'Role' }), el('select', { id: 'acct-role', name: 'role' },
      el('option', { value: 'partner', text: 'Partner' }), el('option', { value: 'school', text: 'School staff' }), el('option', { value: 'admin', text: 'District IT' }))),
    el('div', {}, el('label', { for: 'acct-scope', text: 'Organization or school' }), el('input', { id: 'acct-scope', name: 'scope', maxlength: '200' })),
    el('div', {}, el('label', { for: 'acct-password', text: 'Password (12+ characters)' }), el('input', { id: 'acct-password', name: 'password', type: 'password', autocomplete: 'new-password', minlength: '12', required: true })),
    el('button', { type: 'submit', text: 'Create account' }));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api('POST', 'accounts', { username: form.elements.username.value.trim(), role: form.elements.role.value,
        scope: form.elements.role.value === 'admin' ? '' : form.elements.scope.value.trim(), password: form.elements.password.value });
      route();
    } catch (e) { error.textContent = e.message; }
  });
  page.replaceChildren(el('h2', { text: 'Accounts' }),
    table([{ title: 'Username', value: a => a.username }, { title: 'Role', value: a => a.role }, { title: 'Sees', value: a => a.scope || 'everything' },
      { title: 'Created', value: a => when(a.created_at) }], data.accounts, data.accounts.length + ' accounts'),
    el('h3', { text: 'Create an account' }), form, error);
}

async function auditPage(page) {
  const data = await api('GET', 'audit');
  page.replaceChildren(el('h2', { text: 'Audit log' }), el('p', { class: 'note', text: 'Every change, newest first. Entries can be added, never changed or removed.' }),
    table([{ title: 'When', value: e => when(e.at) }, { title: 'Who', value: e => e.who }, { title: 'What', value: e => e.action }, { title: 'Detail', value: e => e.detail }],
      data.entries, data.entries.length + ' entries'));
}

const pages = { kiosks: kiosksPage, today: todayPage, attendance: attendancePage, directory: directoryPage, roster: rosterPage, accounts: accountsPage, audit: auditPage };
const firstPage = { admin: 'kiosks', school: 'kiosks', partner: 'attendance' };

async function route() {
  if (!me) return;
  const name = (location.hash.slice(1).split('?')[0]) || firstPage[me.role];
  const link = document.querySelector(`#nav a[href="#${name}"]`);
  if (!pages[name] || !link || link.hidden) { location.hash = firstPage[me.role]; return; }
  for (const a of document.querySelectorAll('#nav a')) {
    if (a === link) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const ticket = ++routeTicket;
  pageRoot.replaceChildren(el('p', { class: 'note', text: 'Loading…' }));
  try { await pages[name](pageFor(ticket)); } catch (e) { if (e.status !== 401 && ticket === routeTicket) showError(e); }
  document.title = link.textContent + ' · District console';
}

function showApp() {
  document.getElementById('login').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = `${me.username} (${me.role}${me.scope ? ': ' + me.scope : ''})`;
  for (const a of document.querySelectorAll('#nav a')) a.hidden = !a.dataset.roles.split(' ').includes(me.role);
  route();
}

function showLogin(message) {
  me = null;
  ++routeTicket;
  pageRoot.replaceChildren();
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('username').focus();
}

document.getElementById('login-form').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target;
  try {
    me = await api('POST', 'login', { username: form.elements.username.value.trim(), password: form.elements.password.value });
    form.reset();
    showApp();
  } catch (e) {
    document.getElementById('login-error').textContent = e.message;
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  try { await api('POST', 'logout'); } catch { /* signed out either way */ }
  showLogin('Signed out.');
});

window.addEventListener('hashchange', route);

(async () => {
  try { me = await api('GET', 'me'); showApp(); } catch { showLogin(); }
})();
