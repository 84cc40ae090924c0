// Modules: deploy, every module with its version and recovery, and the chosen one's schema and load.
import { getJson, modulePath, postBytes, postJson } from './api.js';
import { LineChart } from './chart.js';
import { every, fill, h, table } from './dom.js';

export function modulesView(root, ctx) {
  // The answer of a deploy survives the view being drawn again with the new module list.
  const result = h('output', { id: 'deploy-result', class: ctx.deployAnswer?.className ?? '' }, ctx.deployAnswer?.text ?? '');
  ctx.deployAnswer = null;
  const javaClass = h('input', { name: 'javaClass', placeholder: 'io.interstice.examples.bank.Bank', size: 40, required: true });
  const wasm = h('input', { name: 'wasm', type: 'file', accept: '.wasm,application/wasm' });
  const deployed = (description) => {
    ctx.deployAnswer = { className: 'ok', text: `deployed ${description.name} version ${description.version}` };
    ctx.refreshModules(description.name);
  };
  const refused = (error) => {
    result.className = 'refused';
    result.textContent = `${error.kind}: ${error.message}`;
  };
  const deployForm = h('form', { id: 'deploy', class: 'inline',
    onsubmit: (event) => {
      event.preventDefault();
      postJson('/v1/modules', JSON.stringify({ javaClass: javaClass.value.trim() })).then(deployed, refused);
    } },
  h('label', {}, 'Java class ', javaClass), h('button', { type: 'submit' }, 'Deploy'));
  const wasmForm = h('form', { id: 'deploy-wasm', class: 'inline',
    onsubmit: async (event) => {
      event.preventDefault();
      if (!wasm.files[0]) return;
      const bytes = await wasm.files[0].arrayBuffer();
      postBytes('/v1/modules', bytes, 'application/wasm').then(deployed, refused);
    } },
  h('label', {}, 'or a WebAssembly module ', wasm), h('button', { type: 'submit' }, 'Upload'));

  const list = h('div');
  const details = h('div', { id: 'module-details' });
  fill(root, h('section', {}, h('h2', {}, 'Modules'), list,
    h('h3', {}, 'Deploy a module, or upgrade one'), deployForm, wasmForm, result), details);

  const listed = (modules) => fill(list, modules.length === 0 ? h('p', { class: 'muted' }, 'No module is deployed yet.')
    : table(['module', 'version', 'engine', 'last tx', 'recovered', 'recovery time', 'problem'],
      modules.map((m) => h('tr', { 'data-module': m.name, class: m.name === ctx.module ? 'chosen' : '' },
        h('td', {}, h('a', { href: '#modules', onclick: () => ctx.select(m.name) }, m.name)),
        h('td', {}, m.version), h('td', {}, m.engine), h('td', {}, m.lastTx),
        h('td', {}, m.recovery ? `${m.recovery.transactions} tx (${m.recovery.replayedEvents} events replayed)` : '–'),
        h('td', {}, m.recovery ? `${m.recovery.millis} ms` : '–'),
        h('td', { class: m.problem ? 'refused' : '' }, m.problem ?? ''))), { id: 'modules' }));
  listed(ctx.modules);
  // The list goes on changing (last transaction, a recovery after a move): read it again now and then.
  const stopListing = every(3000, async () => listed((await getJson('/v1/modules')).modules));

  if (!ctx.module) return stopListing;
  const chart = new LineChart(`${ctx.module}: transactions per second`, 'tx/s');
  const batch = new LineChart(`${ctx.module}: transactions per batch (mean)`, 'tx');
  const labels = { module: ctx.module };
  const stop = ctx.metrics.listen((interval) => {
    chart.push(interval.rate('interstice_transactions_committed_total', labels));
    batch.push(interval.mean('interstice_batch_transactions', labels));
  });
  getJson(modulePath(ctx.module)).then((m) => fill(details,
    h('section', {}, h('h2', {}, `${m.name}: load`), h('div', { class: 'charts' }, chart.element, batch.element)),
    describe(m)), () => {});
  return () => {
    stop();
    stopListing();
  };
}

function describe(m) {
  const s = m.schema;
  const params = (list) => list.map((p) => `${p.name}: ${p.type}`).join(', ');
  return h('section', { id: 'schema' },
    h('h2', {}, `${m.name} — version ${m.version} (${m.code})`),
    h('p', { class: 'muted' }, `engine ${m.engine}`,
      m.recovery ? `; came back in ${m.recovery.millis} ms from ${m.recovery.transactions} transactions`
        + (m.recovery.snapshotSequenceNr > 0 ? ` (snapshot at event ${m.recovery.snapshotSequenceNr})` : ' (no snapshot)') : ''),
    h('h3', {}, 'Versions'),
    (m.history ?? []).length === 0 ? h('p', { class: 'muted' }, 'no deploy in the log since its last snapshot of an older format')
      : table(['when', 'what', 'version', 'code'], m.history.map((i) => [new Date(i.at).toLocaleString(), i.kind, i.version, i.code]),
        { id: 'history' }),
    h('h3', {}, 'Tables'),
    table(['table', 'columns', 'primary key', 'indexes'], s.tables.map((t) => [t.name,
      t.columns.map((c) => `${c.name}: ${c.type}`).join(', '),
      t.primaryKey + (t.autoIncrement ? ' (auto)' : ''),
      t.indexes.map((i) => `${i.name} (${i.kind}${i.unique ? ', unique' : ''}: ${i.columns.join(', ')})`).join('; ') || '–'])),
    h('h3', {}, 'Reducers'),
    table(['reducer', 'parameters'], s.reducers.map((r) => [r.name, params(r.params)])),
    h('h3', {}, 'Queries'),
    table(['query', 'parameters', 'result'], s.queries.map((q) => [q.name, params(q.params), q.result])),
    h('h3', {}, 'Subscriptions'),
    (s.subscriptions ?? []).length === 0 ? h('p', { class: 'muted' }, 'none')
      : table(['on', 'reducer'], s.subscriptions.map((x) => [x.on, x.reducer])));
}
