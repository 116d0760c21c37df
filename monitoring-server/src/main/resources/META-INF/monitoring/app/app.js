// The dashboard: plain JavaScript, no build step. Data from the REST routes, live updates from /ws.
(() => {
  'use strict';

  const RANGES = { '1h': [3600, 60], '6h': [21600, 300], '24h': [86400, 900], '7d': [604800, 3600] };
  const state = { services: {}, charts: {}, panels: [], socket: null, retry: 1000, view: 'services' };
  window.dashboard = state; // for the browser tests and for curious operators

  const { $, el } = window.dom;
  const token = () => sessionStorage.getItem('monitoring-token') || '';
  // One id per tab, sent with every change, so that the audit says which session of a token's holder made it.
  const session = () => {
    let id = sessionStorage.getItem('monitoring-session');
    if (!id) {
      id = `dashboard-${crypto.getRandomValues(new Uint32Array(2)).join('-')}`;
      sessionStorage.setItem('monitoring-session', id);
    }
    return id;
  };
  const say = (text) => {
    $('#message').textContent = text;
    setTimeout(() => { if ($('#message').textContent === text) $('#message').textContent = ''; }, 6000);
  };
  const ms = (value) => (value === null || value === undefined ? '–' : `${Math.round(value)} ms`);
  const percent = (value, digits = 1) => (value === null || value === undefined ? '–' : `${(+value).toFixed(digits)} %`);
  const duration = (seconds) => {
    if (seconds < 120) return `${seconds} s`;
    if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
    if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
    return `${Math.round(seconds / 86400)} d`;
  };

  async function api(path, { method = 'GET', body, auth = false } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth) {
      if (!token()) throw new Error('set the API token (top right) first');
      headers.Authorization = `Bearer ${token()}`;
      headers['X-Session-Id'] = session();
    }
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
    return answer;
  }

  // ---- views ----------------------------------------------------------------------------------------------
  const views = {
    services: () => renderServices(),
    metrics: () => loadMetrics(),
    service: () => loadService(state.route),
    incidents: () => Promise.all([loadIncidents(), state.route ? detail(state.route) : hideDetail()]),
    insights: () => loadInsights(),
    dashboards: () => loadDashboards(),
  };

  function show() {
    // #view, or #view/argument: #incidents/<id> opens that incident.
    const [view, ...rest] = (location.hash || '#services').slice(1).split('/');
    state.view = views[view] ? view : 'services';
    state.route = rest.length ? decodeURIComponent(rest.join('/')) : '';
    document.querySelectorAll('.view').forEach((section) =>
      section.classList.toggle('active', section.id === `view-${state.view}`));
    document.querySelectorAll('nav a').forEach((link) =>
      link.classList.toggle('active', link.dataset.view === (state.view === 'service' ? 'services' : state.view)));
    Promise.resolve(views[state.view]()).catch((e) => say(e.message));
  }

  // ---- services -------------------------------------------------------------------------------------------
  // Problems first: down, then degraded, then not yet checked, then up; the services file's order within each.
  const RANK = { down: 0, degraded: 1, unknown: 2, up: 3 };
  const health = (value) => String(value).toLowerCase(); // the wire writes "down"; be lenient with "DOWN"
  const BEATS = 50;

  /** Sets a node's text only when it changed, so that nothing flickers and a screen reader is not re-read. */
  const setText = (node, text) => { if (node.textContent !== text) node.textContent = text; };
  const ago = (iso) => {
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return `${duration(seconds)} ago`;
  };
  const target = (s) => s.target || s.type;

  /**
   * The table is built once a service and updated in place: rows keep their elements (and the keyboard focus
   * inside them), and move only when the order of problems changes.
   */
  function renderServices() {
    const body = $('#services tbody');
    const services = Object.values(state.services);
    const order = services.map((s, index) => [s, index])
      .sort(([a, i], [b, j]) => (RANK[health(a.state)] ?? 2) - (RANK[health(b.state)] ?? 2) || i - j).map(([s]) => s.name);
    const rows = state.rows || (state.rows = new Map());
    for (const [name, row] of rows) {
      if (!state.services[name]) { row.remove(); rows.delete(name); }
    }
    for (const s of services) {
      if (!rows.has(s.name)) rows.set(s.name, serviceRow(s));
      updateRow(rows.get(s.name), s);
    }
    const current = [...body.children].map((row) => row.dataset.service);
    if (current.join('\n') !== order.join('\n')) {
      const focused = document.activeElement;
      order.forEach((name) => body.append(rows.get(name)));
      if (focused && focused !== document.activeElement && body.contains(focused)) focused.focus();
    }
  }

  function serviceRow(s) {
    const restartButton = el('button', { type: 'button', class: 'restart', 'aria-label': `restart ${s.name}`,
      onclick: () => restart(s.name) }, 'Restart');
    return el('tr', { 'data-service': s.name },
      el('th', { scope: 'row', class: 'name' }, el('a', { class: 'service-name', href: `#service/${encodeURIComponent(s.name)}` }, s.name),
        s.critical ? el('span', { class: 'muted' }, ' critical') : '', el('br'),
        el('span', { class: 'target muted' }, target(s))),
      el('td', {}, el('span', { class: 'badge status' }), el('br'), el('span', { class: 'for muted' })),
      el('td', { class: 'why' }, el('span', { class: 'reason' }), el('ul', { class: 'conditions' }),
        el('span', { class: 'checked-at muted' })),
      el('td', {}, el('div', { class: 'beats', role: 'img' })),
      el('td', { class: 'uptime', 'data-label': 'uptime 24 h · 7 d · 30 d' }, el('span', { 'data-window': 'day' }), ' · ', el('span', { 'data-window': 'week' }),
        ' · ', el('span', { 'data-window': 'month' })),
      el('td', { class: 'response', 'data-label': 'response time' }),
      el('td', { class: 'depends', 'data-label': 'depends on' }),
      el('td', { class: 'actions' }, restartButton));
  }

  function updateRow(row, s) {
    const badge = $('.status', row);
    badge.className = `badge status ${health(s.state)}`;
    setText(badge, s.status);
    setText($('.target', row), target(s));
    const since = Math.max(0, Math.round((Date.now() - Date.parse(s.since)) / 1000));
    setText($('.for', row), health(s.state) === 'unknown' ? '' : `for ${duration(since)}`);
    const check = s.lastCheck;
    setText($('.reason', row), check ? check.message : 'not checked yet');
    setText($('.checked-at', row), check ? `checked ${ago(check.checkedAt)}` : '');
    $('.checked-at', row).title = check ? new Date(check.checkedAt).toLocaleString() : '';
    const conditions = (check && check.details && check.details.conditions) || [];
    const shown = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
    const lines = conditions.map((c) => `${c.passed ? '✓' : '✗'} ${c.condition} (${shown(c.value)})`);
    const list = $('.conditions', row);
    if ([...list.children].map((li) => li.textContent).join('\n') !== lines.join('\n')) {
      list.replaceChildren(...conditions.map((c, i) => el('li', { class: c.passed ? 'passed' : 'failed' }, lines[i])));
    }
    setText($('.response', row), health(s.state) === 'down' ? '–' : ms(s.metrics.responseTime));
    setText($('.depends', row), (s.dependsOn || []).join(', ') || '–');
    $('.restart', row).hidden = !s.restartable;
    drawBeats(row, s.name);
    const uptime = (state.uptime || {})[s.name] || {};
    for (const span of row.querySelectorAll('.uptime span')) {
      const value = uptime[span.dataset.window];
      setText(span, value === null || value === undefined ? '–' : `${(100 * value).toFixed(value === 1 ? 0 : 2)} %`);
    }
  }

  /** Each service's last check into its heartbeat bar, whichever view is shown. */
  function noteChecks(services) {
    for (const s of Object.values(services)) {
      const check = s.lastCheck;
      if (check) addBeat(s.name, { checkedAt: check.checkedAt, status: check.status,
        responseTime: check.responseTime, message: health(check.status) === 'up' ? null : check.message });
    }
  }

  /** A check into a service's heartbeat bar, once (the live update repeats a check until the next one). */
  function addBeat(name, beat) {
    const beats = (state.beats || (state.beats = {}))[name] || (state.beats[name] = []);
    if (beats.length && beats[beats.length - 1].checkedAt === beat.checkedAt) return;
    beats.push(beat);
    if (beats.length > BEATS) beats.splice(0, beats.length - BEATS);
  }

  function drawBeats(row, name) {
    const beats = (state.beats && state.beats[name]) || [];
    const bar = $('.beats', row);
    while (bar.children.length < beats.length) bar.append(el('span', { class: 'beat' }));
    while (bar.children.length > beats.length) bar.firstChild.remove();
    beats.forEach((beat, i) => {
      const node = bar.children[i];
      const kind = `beat ${health(beat.status)}`;
      if (node.className !== kind) node.className = kind;
      const title = `${new Date(beat.checkedAt).toLocaleTimeString()} ${health(beat.status)} ${ms(beat.responseTime)}`
        + (beat.message ? `: ${beat.message}` : '');
      if (node.title !== title) node.title = title;
    });
    const down = beats.filter((b) => health(b.status) === 'down').length;
    bar.setAttribute('aria-label', `last ${beats.length} checks: ${down} down`);
  }

  /** The heartbeats and uptimes the live stream does not carry: read at the start, then every 30 s. */
  async function loadServiceHistory() {
    const [{ services: beats }, { services: uptime }] = await Promise.all([api('/api/heartbeats'), api('/api/uptime')]);
    for (const [name, list] of Object.entries(beats)) {
      const known = (state.beats && state.beats[name]) || [];
      const newer = known.filter((b) => !list.length || Date.parse(b.checkedAt) > Date.parse(list[list.length - 1].checkedAt));
      (state.beats || (state.beats = {}))[name] = [...list, ...newer].slice(-BEATS);
    }
    state.uptime = uptime;
    state.uptimeAt = Date.now();
    renderServices();
  }

  /** The uptimes again when a service checked since has none yet, at most every 5 s (the server caches a minute). */
  function uptimeMissing() {
    if (!state.uptimeAt || Date.now() - state.uptimeAt < 5000) return false;
    return Object.values(state.services).some((s) => s.lastCheck && ((state.uptime || {})[s.name] || {}).day == null);
  }

  async function restart(name) {
    try {
      await api(`/api/services/${encodeURIComponent(name)}/restart`, { method: 'POST', body: {}, auth: true });
      say(`restart of ${name} asked for`);
    } catch (e) {
      say(`restart of ${name}: ${e.message}`);
    }
  }

  function addEvent(name, data) {
    const list = $('#events');
    const source = data && (data.source || data.service) ? ` ${data.source || data.service}` : '';
    list.prepend(el('li', {}, `${new Date().toLocaleTimeString()} ${name}${source}`));
    while (list.children.length > 50) list.lastChild.remove();
  }

  // ---- one service ----------------------------------------------------------------------------------------
  /** A service's own page: where it stands and why, its history, objectives, neighbours and incidents. */
  async function loadService(name) {
    const s = await api(`/api/services/${encodeURIComponent(name)}`);
    const range = $('#service-range').value;
    $('#service-title').textContent = s.name;
    const check = s.lastCheck;
    const since = Math.max(0, Math.round((Date.now() - Date.parse(s.since)) / 1000));
    const uptime = (await api(`/api/uptime?service=${encodeURIComponent(s.name)}`)).services[s.name] || {};
    const share = (v) => (v === null || v === undefined ? '–' : `${(100 * v).toFixed(v === 1 ? 0 : 2)} %`);
    $('#service-summary').replaceChildren(
      el('p', {}, el('span', { class: `badge ${health(s.state)}`, id: 'service-status' }, s.status),
        ` for ${duration(since)} · ${s.target || s.type} · checked every `
          + `${s.intervalMs < 1000 ? `${s.intervalMs} ms` : duration(Math.round(s.intervalMs / 1000))} `,
        s.restartable ? el('button', { type: 'button', class: 'restart', onclick: () => restart(s.name) }, 'Restart') : ''),
      el('p', { id: 'service-why' }, check ? `${check.message} (checked ${ago(check.checkedAt)})` : 'not checked yet'),
      el('p', {}, `uptime 24 h ${share(uptime.day)} · 7 d ${share(uptime.week)} · 30 d ${share(uptime.month)}`));
    const charts = $('#service-charts');
    charts.replaceChildren();
    for (const key of [`service.response.time{service=${s.name}}`, `service.health.status{service=${s.name}}`]) {
      chart(charts, key, titleOf(key), await history(key, range), 'line', range);
    }
    const sla = await api(`/api/sla/${encodeURIComponent(s.name)}`).catch(() => null);
    $('#service-sla').replaceChildren(sla ? slaTable([sla]) : el('p', { class: 'muted' }, 'no objectives (add an sla section for it)'));
    const dependents = Object.values(state.services).filter((o) => (o.dependsOn || []).includes(s.name)).map((o) => o.name);
    const links = (names) => (names.length ? names.flatMap((n, i) => [i ? ', ' : '', el('a', { href: `#service/${encodeURIComponent(n)}` }, n)]) : ['none']);
    $('#service-dependencies').replaceChildren(el('p', { id: 'service-depends-on' }, 'depends on: ', ...links(s.dependsOn || [])),
      el('p', { id: 'service-dependents' }, 'needed by: ', ...links(dependents)));
    const { incidents } = await api(`/api/incidents?service=${encodeURIComponent(s.name)}&status=all&limit=20`);
    $('#service-incidents').replaceChildren(...incidents.map(incidentItem));
    if (!incidents.length) $('#service-incidents').append(el('li', { class: 'muted' }, 'no incidents'));
  }

  // ---- charts ---------------------------------------------------------------------------------------------
  const compact = (value) => new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 }).format(value);

  /** What a series is, in words, and its unit: the key alone says `service.response.time{service=auth}`. */
  const KNOWN = {
    'system.cpu.usage.percent': ['CPU usage', 'percent'],
    'system.memory.usage.percent': ['Memory usage', 'percent'],
    'system.memory.usage': ['Memory used', 'bytes'],
    'system.memory.total': ['Memory', 'bytes'],
    'system.swap.usage': ['Swap used', 'bytes'],
    'system.swap.total': ['Swap', 'bytes'],
    'system.filesystem.usage': ['Disk used', 'bytes'],
    'system.filesystem.total': ['Disk size', 'bytes'],
    'system.network.received': ['Network received', 'bytes/s'],
    'system.network.sent': ['Network sent', 'bytes/s'],
    'system.load.average': ['Load average', ''],
    'system.cpu.cores': ['Processors', ''],
    'jvm.heap.used': ['JVM heap used', 'bytes'],
    'jvm.heap.max': ['JVM heap limit', 'bytes'],
    'jvm.threads.current': ['JVM threads', ''],
    'service.response.time': ['response time', 'seconds'],
    'service.health.status': ['health', 'health'],
    'container.cpu.usage.percent': ['CPU usage', 'percent'],
    'container.memory.usage': ['memory used', 'bytes'],
    'container.memory.limit': ['memory limit', 'bytes'],
    'docker.containers': ['Containers', ''],
  };

  function describe(key) {
    const brace = key.indexOf('{');
    const name = brace < 0 ? key : key.slice(0, brace);
    const tags = brace < 0 ? [] : key.slice(brace + 1, -1).split(',').map((t) => t.split('=')).filter((t) => t.length === 2);
    const [words, unit] = KNOWN[name] || [name, ''];
    const subject = tags.filter(([k]) => k !== 'mount').map(([k, v]) => (k === 'service' || k === 'container' ? v : `${k} ${v}`)).join(' ');
    const mount = tags.find(([k]) => k === 'mount');
    const title = `${subject ? `${subject} ${words}` : words}${mount ? ` on ${mount[1]}` : ''}`;
    return { title, unit };
  }

  const BYTES = ['B', 'kB', 'MB', 'GB', 'TB'];
  /** A value in its unit, with as many decimals as asked for (an axis asks for what tells its ticks apart). */
  function format(unit, value, decimals) {
    if (value === null || value === undefined || Number.isNaN(value)) return '–';
    switch (unit) {
      case 'percent': return `${value.toFixed(decimals ?? 1)} %`;
      case 'seconds': return value < 1 ? `${(value * 1000).toFixed(Math.max(0, (decimals ?? 3) - 3))} ms`
        : `${value.toFixed(Math.max(decimals ?? 2, 0))} s`;
      case 'bytes':
      case 'bytes/s': {
        let scaled = Math.abs(value);
        let i = 0;
        while (scaled >= 1000 && i < BYTES.length - 1) { scaled /= 1000; i++; }
        return `${(Math.sign(value) * scaled).toFixed(i ? 1 : 0)} ${BYTES[i]}${unit === 'bytes/s' ? '/s' : ''}`;
      }
      case 'health': return value >= 1 ? 'up' : value > 0 ? 'degraded' : 'down';
      default: return decimals === undefined ? compact(value) : value.toFixed(decimals);
    }
  }

  /** The decimals that tell an axis's ticks apart: 0.01 steps need two. */
  const decimalsFor = (ticks) => {
    const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
    return step > 0 ? Math.min(6, Math.max(0, -Math.floor(Math.log10(step)))) : 0;
  };

  /**
   * A chart of a history: the whole range asked for, each step on its place, and a gap (not a made-up value)
   * where a step has nothing, as while a service was down. Hovering shows the time and value; dragging across
   * zooms in, a double click zooms out.
   */
  function chart(container, key, title, data, kind = 'line', range = '1h', seriesKey = key) {
    const { unit } = describe(seriesKey);
    const box = el('div', { class: 'chart', 'data-chart': key }, el('h4', {}, title));
    container.append(box);
    const values = new Map(data.points.filter((p) => p.count > 0).map((p) => [Date.parse(p.start) / 1000, p.avg]));
    const xs = [];
    const ys = [];
    for (let x = data.from; x <= data.to; x += data.step) {
      xs.push(x);
      ys.push(values.has(x) ? values.get(x) : null);
    }
    if (kind === 'stat') {
      const last = ys.filter((y) => y !== null).pop();
      box.append(el('div', { class: 'stat' }, last === undefined ? 'no data' : format(unit, last)));
      state.charts[key] = { data: [xs, ys] };
      return;
    }
    // Points as well as lines: a step alone between gaps has no line to show it.
    const series = { label: title, stroke: '#2563eb', width: 1.5, value: (u, v) => format(unit, v),
      points: { show: true, size: 4 } };
    if (kind === 'bars' && uPlot.paths && uPlot.paths.bars) {
      series.paths = uPlot.paths.bars({ size: [0.8, 30] });
      series.fill = '#93c5fd';
    }
    const plot = new uPlot({ width: Math.max(200, box.clientWidth - 16), height: 200, series: [
      { label: 'time', value: (u, v) => (v === null || v === undefined ? '–' : new Date(v * 1000).toLocaleString()) }, series],
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true } },
    axes: [{}, { size: 80, values: (u, ticks) => { const d = decimalsFor(ticks); return ticks.map((t) => format(unit, t, d)); } }] },
    [xs, ys], box);
    // A tooltip by the cursor: the step's time and its value in its unit (the legend below says it too).
    const tip = el('div', { class: 'tip', role: 'tooltip' });
    tip.hidden = true;
    plot.over.append(tip);
    plot.over.addEventListener('mouseleave', () => { tip.hidden = true; });
    plot.hooks.setCursor = [...(plot.hooks.setCursor || []), (u) => {
      const i = u.cursor.idx;
      const value = i === null || i === undefined ? null : u.data[1][i];
      if (value === null || value === undefined || u.cursor.left < 0) {
        tip.hidden = true;
        return;
      }
      tip.textContent = `${new Date(u.data[0][i] * 1000).toLocaleString()} · ${format(unit, value)}`;
      tip.hidden = false;
      const flip = u.cursor.left > u.over.clientWidth / 2;
      tip.style.left = flip ? '' : `${u.cursor.left + 12}px`;
      tip.style.right = flip ? `${u.over.clientWidth - u.cursor.left + 12}px` : '';
      tip.style.top = `${Math.max(0, u.cursor.top - 28)}px`;
    }];
    state.charts[key] = plot;
  }

  /** A range's span and step in seconds: a named one, or the custom one the picker gives. */
  function rangeOf(range) {
    if (range === 'custom') {
      const from = Date.parse($('#range-from').value) / 1000;
      const to = Date.parse($('#range-to').value) / 1000;
      if (!(from < to)) throw new Error('choose a start before the end');
      const step = Math.max(60, Math.ceil((to - from) / 300 / 60) * 60);
      return { from: Math.floor(from / 60) * 60, to, step };
    }
    const [span, step] = RANGES[range] || RANGES['1h'];
    const to = Date.now() / 1000;
    return { from: Math.floor((to - span) / 60) * 60, to, step };
  }

  async function history(series, range) {
    const { from, to, step } = rangeOf(range);
    const answer = await api(`/api/metrics/history?series=${encodeURIComponent(series)}&from=${from * 1000}`
      + `&to=${Math.ceil(to) * 1000}&step=${step}`);
    return { from, to, step, points: answer.points };
  }

  async function loadMetrics() {
    const range = $('#range').value;
    $('#custom-range').hidden = range !== 'custom';
    if (range === 'custom' && (!$('#range-from').value || !$('#range-to').value)) return;
    const { series } = await api('/api/metrics/series');
    const wanted = ['system.cpu.usage.percent', 'system.memory.usage.percent',
      series.find((s) => s.startsWith('system.filesystem.usage{')),
      'system.network.received', 'system.network.sent',
      ...series.filter((s) => s.startsWith('service.response.time{'))].filter((s) => s && series.includes(s));
    const container = $('#charts');
    container.replaceChildren();
    for (const key of wanted) {
      chart(container, key, titleOf(key), await history(key, range), 'line', range);
    }
  }

  const titleOf = (key) => {
    const { title, unit } = describe(key);
    const shown = { percent: '%', seconds: 'ms', bytes: 'bytes', 'bytes/s': 'bytes/s', health: '' }[unit];
    return shown ? `${title} (${shown})` : title;
  };

  /** Live: each systemMetrics message adds a point to the CPU and memory charts. */
  function live(metrics) {
    if ($('#range').value === 'custom') return; // a range that ends in the past gains no point from now
    const at = Date.parse(metrics.timestamp) / 1000;
    const add = (key, value) => {
      const plot = state.charts[key];
      if (!plot || !plot.setData || value === undefined) return;
      const [xs, ys] = plot.data;
      plot.setData([[...xs, at], [...ys, value]]);
    };
    add('system.cpu.usage.percent', metrics.cpu && metrics.cpu.usage);
    add('system.memory.usage.percent', metrics.memory && metrics.memory.usagePercent);
  }

  // ---- incidents ------------------------------------------------------------------------------------------
  const when = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' }) : '–');
  /** How long an incident lasted, or has lasted so far. */
  const lasted = (i) => {
    const end = i.resolvedAt ? Date.parse(i.resolvedAt) : Date.now();
    const seconds = Math.max(0, Math.round((end - Date.parse(i.createdAt)) / 1000));
    return i.resolvedAt ? `lasted ${duration(seconds)}` : `open for ${duration(seconds)}`;
  };
  const incidentLink = (id, text) => el('a', { href: `#incidents/${encodeURIComponent(id)}` }, text);
  // Repeats: the same service and cause again within half an hour of the one before (newest first) are one row.
  const REPEAT_WITHIN = 30 * 60 * 1000;

  function grouped(incidents) {
    const groups = [];
    for (const i of incidents) {
      const last = groups[groups.length - 1];
      const previous = last && last[last.length - 1];
      if (previous && previous.service === i.service && previous.cause === i.cause
          && Date.parse(previous.createdAt) - Date.parse(i.resolvedAt || i.createdAt) < REPEAT_WITHIN) last.push(i);
      else groups.push([i]);
    }
    return groups;
  }

  function incidentItem(i) {
    return el('li', { 'data-incident-id': i.id },
      el('a', { href: `#incidents/${encodeURIComponent(i.id)}`, class: 'incident-link' },
        el('span', { class: `badge ${i.severity}` }, i.severity), ' ', el('strong', {}, i.service), ' ', i.description),
      ' ', el('span', { class: `muted status ${i.status}` }, i.status),
      i.flapping ? el('span', { class: 'badge flapping' }, 'flapping') : '',
      ' ', el('span', { class: 'muted' }, `${when(i.createdAt)} · ${lasted(i)}`));
  }

  async function loadIncidents() {
    const form = new FormData($('#incident-filter'));
    const query = new URLSearchParams({ status: form.get('status'), limit: '100' });
    if (form.get('severity')) query.set('severity', form.get('severity'));
    if (form.get('service')) query.set('service', form.get('service'));
    const { incidents } = await api(`/api/incidents?${query}`);
    $('#incidents').replaceChildren(...grouped(incidents).map((group) => {
      if (group.length === 1) return incidentItem(group[0]);
      const [newest] = group;
      return el('li', { class: 'repeats', 'data-service': newest.service },
        el('details', {}, el('summary', {}, el('span', { class: `badge ${newest.severity}` }, newest.severity), ' ',
          el('strong', {}, newest.service), ` ${newest.description} `,
          el('span', { class: 'badge flapping' }, `${group.length} times`),
          ' ', el('span', { class: 'muted' }, `${when(group[group.length - 1].createdAt)} – ${when(newest.createdAt)}`)),
        el('ul', { class: 'incidents' }, group.map(incidentItem))));
    }));
    if (!incidents.length) $('#incidents').append(el('li', { class: 'muted' }, 'no incidents'));
  }

  function hideDetail() {
    state.openIncident = null;
    $('#incident-detail').hidden = true;
  }

  async function detail(id) {
    // Live events and actions both redraw the detail: only the latest read is drawn, never an older one after it.
    const asked = (state.detailAsked = (state.detailAsked || 0) + 1);
    const incident = await api(`/api/incidents/${encodeURIComponent(id)}`);
    if (asked !== state.detailAsked) return;
    state.openIncident = id;
    const act = (action) => async () => {
      try {
        const note = $('#incident-note').value || undefined;
        await api(`/api/incidents/${encodeURIComponent(id)}/${action}`, { method: 'POST', body: { note, actor: 'dashboard' }, auth: true });
        say(`${action}d`);
        await detail(id);
        await loadIncidents();
      } catch (e) {
        say(`${action}: ${e.message}`);
      }
    };
    const comment = async () => {
      try {
        await api(`/api/incidents/${encodeURIComponent(id)}/comments`, { method: 'POST',
          body: { text: $('#incident-note').value, actor: 'dashboard' }, auth: true });
        await detail(id);
      } catch (e) {
        say(`comment: ${e.message}`);
      }
    };
    const cause = incident.causedBy ? await api(`/api/incidents/${encodeURIComponent(incident.causedBy)}`).catch(() => null) : null;
    if (asked !== state.detailAsked) return;
    const service = state.services[incident.service];
    const box = $('#incident-detail');
    box.hidden = false;
    // A live update redraws the detail: what was being typed, and where, stays.
    const typed = $('#incident-note') ? $('#incident-note').value : '';
    const focused = document.activeElement && box.contains(document.activeElement) ? document.activeElement.id : '';
    // The actions its state allows: acknowledge an open one, resolve one not resolved yet.
    const open = incident.status === 'open';
    const active = incident.status !== 'resolved';
    box.replaceChildren(
      el('h3', {}, `${incident.service}: ${incident.description}`),
      el('p', {}, el('span', { class: `badge ${incident.severity}` }, incident.severity), ' ',
        el('span', { id: 'incident-status' }, incident.status), ` · opened ${when(incident.createdAt)} · ${lasted(incident)}`,
        incident.resolvedAt ? ` · resolved ${when(incident.resolvedAt)}` : ''),
      incident.causedBy ? el('p', { id: 'incident-cause' }, 'caused by ',
        incidentLink(incident.causedBy, cause ? `${cause.service}: ${cause.description} (${cause.status})` : 'another incident')) : '',
      service && service.dependsOn && service.dependsOn.length ? el('p', {}, `${incident.service} depends on `,
        ...service.dependsOn.flatMap((d, n) => [n ? ', ' : '', el('a', { href: `#service/${encodeURIComponent(d)}` }, d)])) : '',
      el('p', { class: 'filters' },
        el('button', { type: 'button', id: 'acknowledge', onclick: act('acknowledge'), disabled: open ? null : '' }, 'Acknowledge'),
        el('button', { type: 'button', id: 'resolve', onclick: act('resolve'), disabled: active ? null : '' }, 'Resolve'),
        el('input', { id: 'incident-note', placeholder: 'note or comment', 'aria-label': 'note or comment' }),
        el('button', { type: 'button', id: 'comment', onclick: comment }, 'Comment')),
      el('ol', { class: 'timeline' }, incident.timeline.map((t) => el('li', { 'data-kind': t.kind },
        el('span', { class: 'muted' }, when(t.at)), ` ${t.kind} (${t.actor}): ${t.message}`))));
    if (state.openIncident === id) $('#incident-note').value = typed;
    if (focused && $(`#${focused}`)) $(`#${focused}`).focus();
  }

  // ---- insights -------------------------------------------------------------------------------------------
  async function loadInsights() {
    const predictions = await api('/api/predictions');
    $('#predictions').replaceChildren(...predictions.map((p) => el('li', { 'data-type': p.type },
      el('span', { class: `badge ${p.severity}` }, p.type), ' ', el('strong', {}, p.service), ` ${p.message} `,
      el('span', { class: 'muted' }, `confidence ${percent(100 * p.confidence, 0)}`),
      el('p', {}, p.suggestion),
      el('details', {}, el('summary', {}, 'evidence'), el('pre', {}, JSON.stringify(p.evidence, null, 2))))));
    if (!predictions.length) $('#predictions').append(el('li', { class: 'muted' }, 'nothing predicted now'));

    const { incidents: recent } = await api('/api/incidents?status=all&limit=50');
    const incidents = recent.filter((i) => i.status !== 'resolved').slice(0, 10);
    const analyses = await Promise.all(incidents.map((i) => api(`/api/incidents/${i.id}/analysis`).catch(() => null)));
    const byId = new Map(incidents.map((i) => [i.id, i]));
    // Each card names its incident, and links to it.
    $('#root-causes').replaceChildren(...analyses.filter(Boolean).map((a) => el('li', { 'data-incident-id': a.incidentId },
      el('a', { href: `#incidents/${encodeURIComponent(a.incidentId)}` }, el('strong', {}, a.service), ': ',
        (byId.get(a.incidentId) || {}).description || 'its incident'), ` (${a.failureKind.replace(/_/g, ' ')})`,
      el('ol', {}, a.rootCauses.slice(0, 3).map((c) => el('li', {}, `${c.service}${c.subject === 'service' ? '' : ` ${c.subject}`}: ${c.reason} (${c.score})`))),
      a.suggestions.length ? el('p', {}, `${a.suggestions[0].title}: ${a.suggestions[0].steps[0]}`) : '')));
    if (!analyses.length) $('#root-causes').append(el('li', { class: 'muted' }, 'no active incident'));

    const patterns = await api('/api/patterns');
    $('#patterns').replaceChildren(...patterns.recurring.map((r) => el('li', {}, el('span', { class: 'badge' }, r.kind), ` ${r.description}`)),
      ...patterns.correlated.map((c) => el('li', {}, `${c.series} moves with ${c.other} (r = ${c.coefficient})`)));
    if (!$('#patterns').children.length) $('#patterns').append(el('li', { class: 'muted' }, 'no pattern yet'));

    const { services } = await api('/api/sla');
    $('#sla').replaceChildren(services.length ? slaTable(services) : el('p', { class: 'muted' }, 'no service has objectives'));
  }

  /**
   * Objectives and how they are kept over 30 days: each objective beside its compliance and the budget left
   * (a spent budget reads negative, in red), the burn over the last hour and the alerts that fire.
   */
  function slaTable(reports) {
    const budget = (value) => el('span', { class: value !== null && value !== undefined && value < 0 ? 'overspent' : '' },
      value === null || value === undefined ? '–' : percent(100 * value, 0));
    const rows = [];
    for (const s of reports) {
      const month = s.compliance['30d'];
      const o = s.objectives;
      if (o.availability !== undefined) {
        rows.push(el('tr', { 'data-objective': 'availability' }, el('td', {}, el('a', { href: `#service/${encodeURIComponent(s.service)}` }, s.service)),
          el('td', {}, `availability ≥ ${o.availability} %`), el('td', {}, percent(month.availability, 3)),
          el('td', {}, budget(month.errorBudgetLeft.availability)),
          el('td', {}, s.burnRates.availability ? (s.burnRates.availability['1h'] ?? 0).toFixed(1) : '–'),
          el('td', {}, s.alerts.filter((a) => a.objective === 'availability').map((a) => a.kind).join(', ') || '–')));
      }
      if (o.latencyMs !== undefined) {
        rows.push(el('tr', { 'data-objective': 'latency' }, el('td', {}, el('a', { href: `#service/${encodeURIComponent(s.service)}` }, s.service)),
          el('td', {}, `p${o.latencyPercentile ?? 95} latency ≤ ${o.latencyMs} ms`), el('td', {}, percent(month.latency, 3)),
          el('td', {}, budget(month.errorBudgetLeft.latency)),
          el('td', {}, s.burnRates.latency ? (s.burnRates.latency['1h'] ?? 0).toFixed(1) : '–'),
          el('td', {}, s.alerts.filter((a) => a.objective === 'latency').map((a) => a.kind).join(', ') || '–')));
      }
    }
    return el('div', { class: 'table-scroll' }, el('table', { class: 'sla' },
      el('thead', {}, el('tr', {}, ['service', 'objective', 'kept over 30 d', 'budget left', 'burn 1 h', 'alerts']
        .map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, rows)));
  }

  // ---- custom dashboards ----------------------------------------------------------------------------------
  const DASHBOARD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

  /** The dashboards, with the one the URL names (#dashboards/<name>) or the one given open. */
  async function loadDashboards(selected) {
    const [{ dashboards }, { series }] = await Promise.all([api('/api/dashboards'), api('/api/metrics/series')]);
    state.dashboards = dashboards;
    state.series = series;
    const name = selected !== undefined ? selected : state.route;
    const select = $('#dashboard-select');
    select.replaceChildren(el('option', { value: '' }, 'new dashboard'),
      ...dashboards.map((d) => el('option', { value: d.name }, d.name)));
    select.value = dashboards.some((d) => d.name === name) ? name : '';
    $('#targets').replaceChildren(...series.map((s) => el('option', { value: s })),
      ...Object.keys(state.services).map((s) => el('option', { value: s })));
    const current = dashboards.find((d) => d.name === select.value);
    state.panels = current ? current.panels.map((p) => ({ ...p })) : [];
    state.editing = null;
    $('#panel-form button[type=submit]').textContent = 'Add panel';
    $('#dashboard-name').value = current ? current.name : '';
    await renderPanels();
  }

  /** Why a panel's target cannot be drawn, or nothing when it can. */
  function invalidTarget(kind, target) {
    if (kind === 'service') return state.services[target] ? '' : `no service named '${target}'`;
    return (state.series || []).includes(target) ? '' : `no series '${target}' in the history (see the suggestions)`;
  }

  async function renderPanels() {
    const container = $('#panels');
    container.replaceChildren();
    for (const [index, panel] of state.panels.entries()) {
      const key = `panel-${index}`;
      const series = panel.kind === 'service' ? `service.response.time{service=${panel.target}}` : panel.target;
      const data = await history(series, panel.range).catch(() => ({ ...rangeOf(panel.range), points: [] }));
      chart(container, key, panel.title || titleOf(series), data, panel.chart, panel.range, series);
      const box = container.lastChild;
      if (!data.points.some((p) => p.count > 0)) box.append(el('p', { class: 'muted no-data' }, 'no data in this range'));
      box.append(el('p', { class: 'filters' },
        el('button', { type: 'button', title: 'move up', 'aria-label': 'move up', onclick: () => move(index, -1) }, '↑'),
        el('button', { type: 'button', title: 'move down', 'aria-label': 'move down', onclick: () => move(index, 1) }, '↓'),
        el('button', { type: 'button', class: 'edit', onclick: () => edit(index) }, 'Edit'),
        el('button', { type: 'button', class: 'remove', onclick: () => { state.panels.splice(index, 1); renderPanels(); } }, 'Remove')));
    }
  }

  /** A panel back into the form; the form's submit then replaces it. */
  function edit(index) {
    const panel = state.panels[index];
    const form = $('#panel-form');
    for (const field of ['kind', 'target', 'chart', 'range', 'title']) form.elements[field].value = panel[field] || '';
    state.editing = index;
    $('#panel-form button[type=submit]').textContent = 'Update panel';
    form.elements.target.focus();
  }

  function move(index, by) {
    const to = index + by;
    if (to < 0 || to >= state.panels.length) return;
    [state.panels[index], state.panels[to]] = [state.panels[to], state.panels[index]];
    renderPanels();
  }

  // ---- live stream ----------------------------------------------------------------------------------------
  function connect() {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
    state.socket = socket;
    socket.onopen = () => {
      state.retry = 1000;
      $('#connection').className = 'badge connected';
      $('#connection').textContent = 'live';
      socket.send(JSON.stringify({ event: 'subscribe', data: { events: ['service.*', 'incident.*', 'prediction.*', 'sla.*', 'container.*'] } }));
    };
    socket.onclose = () => {
      $('#connection').className = 'badge disconnected';
      $('#connection').textContent = 'reconnecting';
      setTimeout(connect, state.retry);
      state.retry = Math.min(state.retry * 2, 15000);
    };
    socket.onmessage = (message) => {
      const { event, data } = JSON.parse(message.data);
      // Each event comes under its type and again under each subscribed pattern that matched: keep the first.
      if (event.includes('*')) return;
      if (event.startsWith('incident.') && state.view === 'incidents') {
        loadIncidents().catch((e) => say(e.message));
        // A monitoring event: {id, type, source, data}; the incident's id is in its data.
        const changed = data && data.data && data.data.id;
        if (state.openIncident && changed === state.openIncident) detail(state.openIncident).catch((e) => say(e.message));
      }
      switch (event) {
        case 'initialState':
          state.services = data.services;
          noteChecks(state.services);
          renderServices();
          loadServiceHistory().catch((e) => say(e.message));
          break;
        case 'servicesUpdate':
          state.services = data;
          noteChecks(state.services);
          if (state.view === 'services') renderServices();
          if (uptimeMissing()) {
            state.uptimeAt = Date.now();
            api('/api/uptime').then(({ services }) => { state.uptime = services; }).catch(() => {});
          }
          break;
        case 'systemMetrics':
          live(data);
          break;
        case 'incident':
          break; // a new incident: its incident.created reloads the list above
        case 'prediction':
          addEvent('prediction', data);
          if (state.view === 'insights') loadInsights().catch((e) => say(e.message));
          break;
        case 'serviceRestarted':
          say(`${data.service} restarted: ${data.message}`);
          break;
        case 'subscribed':
          break;
        case 'error':
          say(data.message);
          break;
        default:
          addEvent(event, data);
      }
    };
  }

  // ---- wiring ---------------------------------------------------------------------------------------------
  $('#token-form').addEventListener('submit', (e) => e.preventDefault());
  $('#token').value = token();
  $('#token').addEventListener('input', (e) => sessionStorage.setItem('monitoring-token', e.target.value));
  $('#range').addEventListener('change', () => loadMetrics().catch((e) => say(e.message)));
  $('#service-range').addEventListener('change', () => loadService(state.route).catch((e) => say(e.message)));
  $('#range-from').addEventListener('change', () => loadMetrics().catch((e) => say(e.message)));
  $('#range-to').addEventListener('change', () => loadMetrics().catch((e) => say(e.message)));
  $('#incident-filter').addEventListener('submit', (e) => { e.preventDefault(); loadIncidents().catch((x) => say(x.message)); });
  // Choosing a dashboard gives it a URL of its own, which opens it after a reload too.
  $('#dashboard-select').addEventListener('change', (e) => {
    location.hash = e.target.value ? `#dashboards/${encodeURIComponent(e.target.value)}` : '#dashboards';
  });
  $('#panel-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const panel = { kind: form.get('kind'), target: form.get('target').trim(), chart: form.get('chart'),
      range: form.get('range'), title: form.get('title') || undefined };
    const problem = invalidTarget(panel.kind, panel.target);
    if (problem) {
      say(problem);
      return;
    }
    if (state.editing !== null && state.editing !== undefined) state.panels[state.editing] = panel;
    else state.panels.push(panel);
    state.editing = null;
    $('#panel-form button[type=submit]').textContent = 'Add panel';
    e.target.reset();
    renderPanels();
  });
  $('#dashboard-save').addEventListener('click', async () => {
    const name = $('#dashboard-name').value.trim();
    if (!DASHBOARD_NAME.test(name)) {
      say(name ? `'${name}' cannot be a dashboard's name: 1–64 letters, digits, '.', '_' or '-'`
        : 'give the dashboard a name first');
      return;
    }
    try {
      await api(`/api/dashboards/${encodeURIComponent(name)}`, { method: 'PUT', body: { panels: state.panels }, auth: true });
      say(`dashboard ${name} saved`);
      if (location.hash !== `#dashboards/${encodeURIComponent(name)}`) location.hash = `#dashboards/${encodeURIComponent(name)}`;
      else await loadDashboards(name);
    } catch (e) {
      say(`save: ${e.message}`);
    }
  });
  $('#dashboard-delete').addEventListener('click', async () => {
    const name = $('#dashboard-select').value;
    if (!name) return;
    try {
      await api(`/api/dashboards/${encodeURIComponent(name)}`, { method: 'DELETE', auth: true });
      say(`dashboard ${name} deleted`);
      if (location.hash !== '#dashboards') location.hash = '#dashboards';
      else await loadDashboards('');
    } catch (e) {
      say(`delete: ${e.message}`);
    }
  });
  window.addEventListener('hashchange', show);
  setInterval(() => loadServiceHistory().catch(() => {}), 30000);
  // Custom dashboards are live: their panels are read again every minute while they are shown.
  setInterval(() => { if (state.view === 'dashboards' && state.panels.length && state.editing == null) renderPanels().catch(() => {}); }, 60000);
  connect();
  show();
})();
