// Calls: a form for every public reducer and query of the chosen module, typed from its schema.
import { modulePath, postJson } from './api.js';
import { fill, h } from './dom.js';

export function callsView(root, ctx) {
  const described = ctx.modules.find((m) => m.name === ctx.module);
  if (!described) {
    fill(root, h('p', { class: 'muted' }, 'Choose a module (deploy one under Modules).'));
    return () => {};
  }
  const s = described.schema;
  fill(root,
    h('section', {}, h('h2', {}, `Reducers of ${described.name}`),
      s.reducers.length === 0 ? h('p', { class: 'muted' }, 'none') : s.reducers.map((r) => form(described.name, 'reducer', r))),
    h('section', {}, h('h2', {}, `Queries of ${described.name}`),
      s.queries.length === 0 ? h('p', { class: 'muted' }, 'none') : s.queries.map((q) => form(described.name, 'query', q))));
  return () => {};
}

function form(module, kind, callable) {
  const inputs = callable.params.map((p) => [p, input(p)]);
  const output = h('output', { class: 'muted' }, kind === 'reducer' ? 'answered once durable' : 'read from committed state');
  const submit = async (event) => {
    event.preventDefault();
    let args;
    try {
      args = `[${inputs.map(([p, element]) => argument(p, element)).join(', ')}]`;
    } catch (mistake) {
      output.className = 'refused';
      output.textContent = mistake.message;
      return;
    }
    output.className = 'muted';
    output.textContent = 'calling…';
    const path = modulePath(module, kind === 'reducer' ? 'reducers' : 'queries', callable.name);
    try {
      const answer = await postJson(path, args);
      output.className = 'ok';
      output.textContent = kind === 'reducer' ? `committed, transaction ${answer.tx}` : `result: ${JSON.stringify(answer.result)}`;
    } catch (error) {
      output.className = 'refused';
      output.textContent = `${error.kind}: ${error.message}`;
    }
  };
  return h('form', { class: 'call', 'data-call': `${kind}:${callable.name}`, onsubmit: submit },
    h('strong', {}, callable.name),
    inputs.map(([p, element]) => h('label', {}, `${p.name} `, h('small', {}, p.type), element)),
    h('button', { type: 'submit' }, kind === 'reducer' ? 'Call' : 'Query'),
    kind === 'query' ? h('small', { class: 'muted' }, `→ ${callable.result}`) : null,
    output);
}

function input(param) {
  const type = param.type;
  if (type === 'bool') return h('input', { name: param.name, type: 'checkbox' });
  if (type === 'i32' || type === 'i64') return h('input', { name: param.name, inputmode: 'numeric', pattern: '-?[0-9]+', size: 10, required: true });
  if (type === 'f32' || type === 'f64') return h('input', { name: param.name, type: 'number', step: 'any', required: true });
  if (type === 'string') return h('input', { name: param.name, size: 16 });
  return h('input', { name: param.name, placeholder: 'JSON value', size: 20, required: true });
}

/** One argument as JSON text: integers as typed (i64 keeps every digit), strings quoted, others as JSON. */
function argument(param, element) {
  const type = param.type;
  const text = element.value.trim();
  if (type === 'bool') return element.checked ? 'true' : 'false';
  if (type === 'string') return JSON.stringify(element.value);
  if (type === 'i32' || type === 'i64') {
    if (!/^-?[0-9]+$/.test(text)) throw new Error(`${param.name} must be a whole number (${type})`);
    return text;
  }
  if (type === 'f32' || type === 'f64') {
    if (text === '' || Number.isNaN(Number(text))) throw new Error(`${param.name} must be a number (${type})`);
    return String(Number(text));
  }
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    throw new Error(`${param.name} must be a JSON value of type ${type}`);
  }
}
