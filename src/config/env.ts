/**
 * Environment variables → a partial configuration object. One table, {@link ENV_VARS}, names every
 * variable, the configuration path it sets and how its text is read; docs/configuration.md lists the
 * same names (a test keeps them in step). Pure: the environment is passed in.
 */
import { ROLES } from './schema.js';

/** How a variable's text becomes a value. Structure is checked later by the schema. */
export type EnvKind = 'string' | 'int' | 'number' | 'boolean' | 'links' | 'tokens' | 'home';

export interface EnvVar {
  readonly name: string;
  readonly path: readonly string[];
  readonly kind: EnvKind;
}

const v = (name: string, path: string, kind: EnvKind): EnvVar => ({ name: `ELBFLUG_${name}`, path: path.split('.'), kind });

export const ENV_VARS: readonly EnvVar[] = [
  v('HTTP_HOST', 'http.host', 'string'),
  v('HTTP_PORT', 'http.port', 'int'),
  v('HTTP_BODY_LIMIT_BYTES', 'http.bodyLimitBytes', 'int'),
  v('HTTP_RATE_LIMIT_WINDOW_MS', 'http.rateLimit.windowMs', 'int'),
  v('HTTP_RATE_LIMIT_MAX', 'http.rateLimit.max', 'int'),
  v('HTTP_RATE_LIMIT_ANONYMOUS_MAX', 'http.rateLimit.anonymousMax', 'int'),
  v('DATA_DIR', 'dataDir', 'string'),
  v('STORE_URL', 'store.url', 'string'),
  v('STORE_SCHEMA', 'store.schema', 'string'),
  v('STORE_RETRY_S', 'store.retryS', 'number'),
  v('CLUSTER_BUS', 'cluster.bus', 'string'),
  v('CLUSTER_INSTANCE', 'cluster.instance', 'string'),
  v('LINKS', 'links', 'links'),
  v('SIMULATOR_ENABLED', 'simulator.enabled', 'boolean'),
  v('SIMULATOR_VEHICLES', 'simulator.vehicles', 'int'),
  v('SIMULATOR_SPEED', 'simulator.speed', 'number'),
  v('SIMULATOR_HOME', 'simulator.home', 'home'),
  v('AUTH_TOKENS', 'auth.tokens', 'tokens'),
  v('AIRSPACE_FILE', 'airspace.file', 'string'),
  v('OBSTACLES_FILE', 'obstacles.file', 'string'),
  v('OBSTACLE_HORIZONTAL_CLEARANCE_M', 'obstacles.horizontalClearanceM', 'number'),
  v('OBSTACLE_VERTICAL_CLEARANCE_M', 'obstacles.verticalClearanceM', 'number'),
  v('OPERATION_PROFILE', 'operationProfile', 'string'),
  v('VEHICLE_PROFILES_DIR', 'vehicleProfiles.dir', 'string'),
  v('VEHICLE_PROFILES_DEFAULT', 'vehicleProfiles.default', 'string'),
  v('CONFORMANCE_CORRIDOR_HALF_WIDTH_M', 'conformance.corridorHalfWidthM', 'number'),
  v('CONFORMANCE_ALTITUDE_BAND_M', 'conformance.altitudeBandM', 'number'),
  v('CONFORMANCE_STALE_TELEMETRY_S', 'conformance.staleTelemetryS', 'number'),
  v('CONFORMANCE_REACTION', 'conformance.reaction', 'string'),
  v('TELEMETRY_WS_RATE_HZ', 'telemetry.wsRateHz', 'number'),
  v('TELEMETRY_WS_MAX_SUBSCRIPTIONS', 'telemetry.wsMaxSubscriptions', 'int'),
  v('TELEMETRY_WS_MAX_PENDING_BYTES', 'telemetry.wsMaxPendingBytes', 'int'),
  v('TELEMETRY_WS_MAX_CLIENTS', 'telemetry.wsMaxClients', 'int'),
  v('MAVLINK_ADDRESS_CHANGE_FRAMES', 'mavlink.addressChangeFrames', 'int'),
  v('MAVLINK_PEER_TIMEOUT_S', 'mavlink.peerTimeoutS', 'number'),
  v('MAVLINK_MAX_PEERS_PER_PORT', 'mavlink.maxPeersPerPort', 'int'),
  v('MAVLINK_MAX_VEHICLES_PER_LINK', 'mavlink.maxVehiclesPerLink', 'int'),
  v('MAVLINK_VEHICLE_EXPIRY_S', 'mavlink.vehicleExpiryS', 'number'),
  v('MAP_TILE_URL', 'map.tileUrl', 'string'),
  v('LOG_LEVEL', 'log.level', 'string'),
];

/** Names the configuration file (like `--config FILE`); not itself an option. */
export const CONFIG_FILE_ENV = 'ELBFLUG_CONFIG';

/** ELBFLUG_* variables that are read elsewhere (tests) and are not configuration. */
const NOT_CONFIG = [CONFIG_FILE_ENV, /^ELBFLUG_TEST_/];

export interface EnvIssue {
  readonly variable: string;
  readonly message: string;
}

export interface EnvResult {
  /** A partial configuration object holding only what the environment sets. */
  readonly values: Record<string, unknown>;
  /** Configuration path (dot-joined) → the variable that set it, to name the culprit later. */
  readonly origins: ReadonlyMap<string, string>;
  readonly issues: readonly EnvIssue[];
}

const BOOL: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };

/** Reads one variable's text; returns the value or an issue message. */
function read(kind: EnvKind, text: string): { value: unknown } | { error: string } {
  switch (kind) {
    case 'string':
      return { value: text };
    case 'int':
      return /^[+-]?\d+$/.test(text) ? { value: Number(text) } : { error: `expected an integer, got "${text}"` };
    case 'number': {
      const n = Number(text);
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(n) ? { value: n } : { error: `expected a number, got "${text}"` };
    }
    case 'boolean': {
      const b = BOOL[text.toLowerCase()];
      return b === undefined ? { error: `expected true/false (or 1/0, yes/no, on/off), got "${text}"` } : { value: b };
    }
    case 'home': {
      const parts = text.split(',').map((s) => s.trim());
      const nums = parts.map(Number);
      if (parts.length !== 3 || parts.some((p) => p === '') || nums.some((n) => !Number.isFinite(n))) {
        return { error: `expected lat,lon,altAmslM, e.g. 53.5508,9.9925,10; got "${text}"` };
      }
      return { value: { lat: nums[0], lon: nums[1], altAmslM: nums[2] } };
    }
    case 'links':
      // "udpin://0.0.0.0:14550, radio=serial:///dev/ttyUSB0:57600": name=url, or a bare url.
      return {
        value: splitList(text).map((item) => {
          const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(item);
          return m ? { name: m[1], url: m[2] } : { url: item };
        }),
      };
    case 'tokens': {
      // "name:role:token, …" — the token is last so it may itself contain ':'.
      const tokens = [];
      for (const [i, item] of splitList(text).entries()) {
        const m = /^([^:]+):([^:]+):(.+)$/.exec(item);
        if (!m) return { error: `item ${i + 1} must be name:role:token (role one of ${ROLES.join(', ')})` };
        tokens.push({ name: m[1], role: m[2], token: m[3] });
      }
      return { value: tokens };
    }
  }
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * Collects the configuration set by `ELBFLUG_*` variables. An empty variable counts as unset;
 * an unknown `ELBFLUG_*` variable is an issue (a typo would otherwise be silently ignored).
 * @example
 * configFromEnv({ ELBFLUG_HTTP_PORT: '9000' }).values // { http: { port: 9000 } }
 */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): EnvResult {
  const values: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  const issues: EnvIssue[] = [];
  const known = new Map(ENV_VARS.map((e) => [e.name, e]));
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('ELBFLUG_')) continue;
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    const spec = known.get(name);
    if (!spec) {
      if (NOT_CONFIG.some((p) => (typeof p === 'string' ? p === name : p.test(name)))) continue;
      const near = closest(name, ENV_VARS.map((e) => e.name));
      issues.push({ variable: name, message: `unknown variable${near ? `; did you mean ${near}?` : ''} (every variable is listed in docs/configuration.md)` });
      continue;
    }
    const r = read(spec.kind, text);
    if ('error' in r) {
      issues.push({ variable: name, message: r.error });
      continue;
    }
    setPath(values, spec.path, r.value);
    origins.set(spec.path.join('.'), name);
  }
  return { values, origins, issues };
}

/** The known name within edit distance 3, if any (typo hint). */
function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const n of names) {
    const d = distance(name, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
