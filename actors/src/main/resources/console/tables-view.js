// Tables: a paged browser of one table whose rows change live, from the subscription WebSocket.
import { getJson, modulePath, socket } from './api.js';
import { fill, h, show } from './dom.js';

const PAGE = 20;

export function tablesView(root, ctx) {
  const described = ctx.modules.find((m) => m.name === ctx.module);
  if (!described || described.schema.tables.length === 0) {
    fill(root, h('p', { class: 'muted' }, 'Choose a module with tables (deploy one under Modules).'));
    return () => {};
  }
  const tables = described.schema.tables;
  let chosen = tables.find((t) => t.name === ctx.table) ?? tables[0];
  const picker = h('select', { id: 'table', onchange: () => {
    chosen = tables.find((t) => t.name === picker.value);
    ctx.table = chosen.name;
    starts = [null];
    load();
    follow();
  } }, tables.map((t) => h('option', { value: t.name, selected: t === chosen }, t.name)));
  const status = h('span', { id: 'live-status', class: 'muted' }, 'connecting…');
  const previous = h('button', { type: 'button', id: 'previous', onclick: () => { starts.pop(); load(); } }, '← previous');
  const next = h('button', { type: 'button', id: 'next', onclick: () => { starts.push(nextKey); load(); } }, 'next →');
  const where = h('span', { class: 'muted' });
  const grid = h('div');
  fill(root, h('section', {}, h('h2', {}, 'Table ', picker, ' ', status),
    h('div', { class: 'inline' }, previous, next, where), grid));

  let starts = [null]; // the `after` of each page up to the one shown
  let nextKey = null;
  let live = null;
  let stopped = false;
  let reload = null;

  async function load() {
    const after = starts[starts.length - 1];
    const query = `?limit=${PAGE}${after === null ? '' : `&after=${encodeURIComponent(JSON.stringify(after))}`}`;
    const page = await getJson(modulePath(ctx.module, 'tables', chosen.name) + query);
    nextKey = page.next;
    previous.disabled = starts.length === 1;
    next.disabled = page.next === null;
    where.textContent = ` page ${starts.length}, ${page.rows.length} rows`;
    const columns = chosen.columns.map((c) => c.name);
    fill(grid, h('table', { id: 'rows', 'data-table': chosen.name },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c)))),
      h('tbody', {}, page.rows.map((row) => rowElement(columns, row)))));
  }

  function rowElement(columns, row) {
    return h('tr', { 'data-key': JSON.stringify(row[chosen.primaryKey]) },
      columns.map((c) => h('td', { 'data-col': c }, show(row[c]))));
  }

  function follow() {
    if (live) live.close();
    const ws = socket(`${modulePath(ctx.module, 'subscribe')}?tables=${encodeURIComponent(chosen.name)}`);
    live = ws;
    ws.onopen = () => { status.textContent = 'live'; status.className = 'ok'; };
    ws.onclose = () => {
      if (live !== ws || stopped) return;
      status.textContent = 'disconnected, reconnecting…';
      status.className = 'refused';
      setTimeout(() => { if (live === ws && !stopped) follow(); }, 3000);
    };
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'commit') apply(message);
      if (message.type === 'ended') status.textContent = `ended: ${message.reason}`;
    };
  }

  function apply(commit) {
    const columns = chosen.columns.map((c) => c.name);
    let reshaped = false;
    for (const change of commit.changes) {
      if (change.table !== chosen.name) continue;
      if (change.op !== 'update') {
        reshaped = true;
        continue;
      }
      const shown = grid.querySelector(`tr[data-key="${CSS.escape(JSON.stringify(change.new[chosen.primaryKey]))}"]`);
      if (!shown) continue;
      const fresh = rowElement(columns, change.new);
      fresh.classList.add('changed');
      shown.replaceWith(fresh);
    }
    // Inserts and deletes shift the page: read it again (once for a burst of commits).
    if (reshaped && !reload) reload = setTimeout(() => { reload = null; load(); }, 200);
  }

  load().then(follow);
  return () => {
    stopped = true;
    clearTimeout(reload);
    if (live) live.close();
  };
}
