// @ts-check
/** REST client for /api with the bearer token; errors become ApiError {status, code, message}. */

export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {unknown} [details] */
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export class Api {
  /** @param {string} token */
  constructor(token) {
    this.token = token;
  }

  /**
   * @param {string} method
   * @param {string} path under /api, e.g. "/vehicles"
   * @param {unknown} [body]
   * @returns {Promise<any>}
   */
  async request(method, path, body) {
    /** @type {Record<string, string>} */
    const headers = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res;
    try {
      res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, 'NETWORK', `the service did not answer (${e instanceof Error ? e.message : String(e)}); is it running?`);
    }
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) throw new ApiError(res.status, json?.code ?? `HTTP_${res.status}`, json?.message ?? res.statusText, json?.details);
    return json;
  }

  /** @param {string} path */
  get(path) {
    return this.request('GET', path);
  }

  /** @param {string} path @param {unknown} body */
  post(path, body) {
    return this.request('POST', path, body);
  }

  /**
   * Which endpoints the service offers now, from its OpenAPI document ("METHOD /api/path" keys),
   * so features that are still being built show as unavailable instead of failing on click.
   * @returns {Promise<Set<string>>}
   */
  async endpoints() {
    try {
      const doc = await this.get('/openapi.json');
      const out = new Set();
      for (const [path, ops] of Object.entries(doc?.paths ?? {})) for (const m of Object.keys(ops ?? {})) out.add(`${m.toUpperCase()} ${path}`);
      return out;
    } catch {
      return new Set();
    }
  }
}

/** @param {unknown} e @returns {boolean} the endpoint does not exist (yet) */
export function isNotFound(e) {
  return e instanceof ApiError && e.status === 404 && e.code === 'NOT_FOUND';
}

/**
 * "sim/1" → "/vehicles/sim/1"; the link name is everything before the last slash.
 * @param {string} id
 */
export function vehiclePath(id) {
  const i = id.lastIndexOf('/');
  return `/vehicles/${encodeURIComponent(id.slice(0, i))}/${encodeURIComponent(id.slice(i + 1))}`;
}
