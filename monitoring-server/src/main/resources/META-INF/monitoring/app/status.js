// The public status page: what /api/status says, read again every 30 s. No token, nothing internal.
(() => {
  'use strict';

  const { $, el } = window.dom;
  const percent = (value) => (value === null || value === undefined ? 'no data'
    : `${(100 * value).toFixed(value === 1 ? 0 : 2)} %`);
  const WORDS = { up: 'Operational', degraded: 'Degraded performance', down: 'Outage', unknown: 'Not checked yet' };
  const OVERALL = { operational: 'All systems operational', degraded: 'Some systems degraded', outage: 'Some systems down' };
  const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

  /** A day's bar: green at full uptime, amber below 99.9 %, red below 99 %, grey without checks. */
  const dayClass = (uptime) => (uptime === null || uptime === undefined ? 'none'
    : uptime >= 0.999 ? 'up' : uptime >= 0.99 ? 'degraded' : 'down');

  function render(page) {
    document.title = page.title;
    $('#title').textContent = page.title;
    $('#overall').textContent = OVERALL[page.status] || page.status;
    $('#overall').className = `overall ${page.status}`;
    $('#incidents-section').hidden = !page.incidents.length;
    $('#incidents').replaceChildren(...page.incidents.map((i) => el('li', { 'data-service': i.service },
      el('strong', {}, i.service), ` — ${i.status === 'acknowledged' ? 'identified, being worked on' : 'investigating'}`
        + ` (${i.severity}), since ${when(i.since)}`)));
    $('#maintenance-section').hidden = !page.maintenance.length;
    $('#maintenance').replaceChildren(...page.maintenance.map((m) => el('li', {},
      el('strong', {}, m.services.join(', ')), ` ${when(m.start)} – ${when(m.end)}: ${m.reason}`)));
    $('#groups').replaceChildren(...page.groups.map((g) => el('section', { class: 'group' }, el('h2', {}, g.name),
      el('ul', { class: 'services' }, g.services.map((s) => el('li', { 'data-service': s.name, class: 'service' },
        el('div', { class: 'line' }, el('span', { class: 'name' }, s.name),
          el('span', { class: `state ${s.status}` }, WORDS[s.status] || s.status)),
        el('div', { class: 'days', role: 'img', 'aria-label': `${s.name}: ${percent(s.uptime)} uptime over 90 days` },
          s.days.map((d) => el('span', { class: `day ${dayClass(d.uptime)}`, title: `${d.date}: ${percent(d.uptime)}` }))),
        el('div', { class: 'line muted' }, el('span', {}, '90 days ago'), el('span', { class: 'uptime' },
          `${percent(s.uptime)} uptime`), el('span', {}, 'today'))))))));
    $('#updated').textContent = `Updated ${when(page.updatedAt)}`;
  }

  async function load() {
    try {
      const response = await fetch('/api/status', { headers: { Accept: 'application/json' } });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
      render(answer);
    } catch (e) {
      $('#overall').textContent = e.message;
      $('#overall').className = 'overall unknown';
    }
  }

  load();
  setInterval(load, 30000);
})();
