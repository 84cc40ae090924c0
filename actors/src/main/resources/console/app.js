// The console's shell: asks for the token when the node needs one, then shows one view at a time.
import { ApiError, getJson, getText, setToken, token } from './api.js';
import { callsView } from './calls-view.js';
import { clusterView } from './cluster-view.js';
import { fill, h } from './dom.js';
import { logView } from './log-view.js';
import { modulesView } from './modules-view.js';
import { MetricsPoller } from './prometheus.js';
import { tablesView } from './tables-view.js';

const VIEWS = { cluster: clusterView, modules: modulesView, tables: tablesView, calls: callsView, log: logView };
const $ = (id) => document.getElementById(id);

const ctx = {
  modules: [],
  module: null,
  table: null,
  metrics: new MetricsPoller(() => getText('/metrics')),
  select: (name) => {
    ctx.module = name;
    ctx.table = null;
    $('module').value = name ?? '';
    show();
  },
  refreshModules: async (choose) => {
    const listed = await getJson('/v1/modules');
    ctx.modules = listed.modules;
    if (choose || !ctx.modules.some((m) => m.name === ctx.module)) ctx.module = choose ?? ctx.modules[0]?.name ?? null;
    fill($('module'), ctx.modules.map((m) => h('option', { value: m.name, selected: m.name === ctx.module }, m.name)));
    show();
  },
};

let stopView = () => {};
let opened = false;

function show() {
  stopView();
  const name = VIEWS[location.hash.slice(1)] ? location.hash.slice(1) : 'cluster';
  for (const button of document.querySelectorAll('#nav button')) button.classList.toggle('current', button.dataset.view === name);
  const root = $('view');
  root.dataset.view = name;
  root.replaceChildren();
  const stop = VIEWS[name](root, ctx);
  stopView = typeof stop === 'function' ? stop : () => {};
}

/** Nothing of the node is shown until it answers with the token this tab holds. */
async function open() {
  try {
    const cluster = await getJson('/v1/cluster');
    $('node-name').textContent = `node ${cluster.node}`;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return lock(token() ? 'That token was refused.' : '');
    $('problem').textContent = `The node did not answer: ${error.message}`;
    return;
  }
  opened = true;
  $('login').hidden = true;
  $('nav').hidden = false;
  $('module-picker').hidden = false;
  $('forget').hidden = !token();
  $('problem').textContent = '';
  await ctx.refreshModules();
}

function lock(message) {
  opened = false;
  stopView();
  stopView = () => {};
  setToken(null);
  $('view').replaceChildren();
  $('nav').hidden = true;
  $('module-picker').hidden = true;
  $('forget').hidden = true;
  $('node-name').textContent = '';
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('login').elements.token.focus();
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  setToken($('login').elements.token.value);
  $('login').elements.token.value = '';
  open();
});
$('forget').addEventListener('click', () => lock(''));
$('module').addEventListener('change', () => ctx.select($('module').value));
for (const button of document.querySelectorAll('#nav button')) {
  button.addEventListener('click', () => { location.hash = button.dataset.view; });
}
window.addEventListener('hashchange', () => { if (opened) show(); });
window.addEventListener('interstice:unauthorized', () => { if (opened) lock('The node refused the token.'); });
open();
