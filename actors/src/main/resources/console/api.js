// The node's HTTP and WebSocket API, with the access token this tab was given (docs/console.md).

const TOKEN_KEY = 'interstice.token';

/** A refusal from the node: its HTTP status, its error kind and its message. */
export class ApiError extends Error {
  constructor(status, kind, message) {
    super(message);
    this.status = status;
    this.kind = kind;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function request(method, path, body, contentType = 'application/json') {
  const headers = {};
  const given = token();
  if (given) headers.Authorization = `Bearer ${given}`;
  if (body !== undefined) headers['Content-Type'] = contentType;
  const response = await fetch(path, { method, headers, body, cache: 'no-store' });
  const text = await response.text();
  if (!response.ok) {
    let error = {};
    try {
      error = JSON.parse(text);
    } catch {
      // not JSON: the text is the message
    }
    if (response.status === 401) window.dispatchEvent(new CustomEvent('interstice:unauthorized'));
    throw new ApiError(response.status, error.kind || `HTTP ${response.status}`, error.error || text);
  }
  return text;
}

export const getText = (path) => request('GET', path);
export const getJson = async (path) => JSON.parse(await request('GET', path));
/** Posts a JSON text as it is (so i64 arguments keep every digit). */
export const postJson = async (path, jsonText) => JSON.parse(await request('POST', path, jsonText));
export const postBytes = async (path, bytes, type) => JSON.parse(await request('POST', path, bytes, type));

/** The path of a module, or of something of it, with each name escaped. */
export function modulePath(module, ...rest) {
  return ['/v1/modules', module, ...rest].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/');
}

/**
 * Opens a WebSocket of the node. A browser cannot set an Authorization header on it, so the token
 * travels as the subprotocol "bearer.<base64url>", next to "interstice", which the node selects.
 */
export function socket(path) {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const protocols = ['interstice'];
  const given = token();
  if (given) protocols.push(`bearer.${base64url(given)}`);
  return new WebSocket(scheme + location.host + path, protocols);
}

function base64url(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
