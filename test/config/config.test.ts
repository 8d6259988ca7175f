/** loadConfig: defaults, env coercion, file + env precedence, every kind of rejection, frozen result. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, ConfigError, DEV_TOKEN_NAME, ENV_VARS, loadConfig, operationProfileRef, readOperationProfile, redactConfig, type ConfigErrorCode, type LoadConfigOptions } from '../../src/config.js';

const TOKEN = 'a'.repeat(32);
const files: Record<string, string> = {};
const readFile = (p: string): string => {
  const f = files[p];
  if (f === undefined) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
  return f;
};
const load = (o: Partial<LoadConfigOptions> = {}) => loadConfig({ env: {}, readFile, randomToken: () => 'dev'.repeat(8), ...o });
const withFile = (doc: unknown, env: Record<string, string> = {}) => {
  files['cfg.json'] = typeof doc === 'string' ? doc : JSON.stringify(doc);
  return load({ env, argv: ['--config', 'cfg.json'] });
};
function failure(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('defaults', () => {
  it('work on a laptop: loopback, simulator with 2 vehicles at Hamburg, no links, no tiles', () => {
    const c = load();
    expect(c.http).toEqual({ host: '127.0.0.1', port: 8080, bodyLimitBytes: 1_048_576, rateLimit: { windowMs: 60_000, max: 600, anonymousMax: 60 } });
    expect(c.dataDir).toBe('./data');
    expect(c.links).toEqual([]);
    expect(c.simulator).toEqual({ enabled: true, vehicles: 2, speed: 5, home: { lat: 53.5508, lon: 9.9925, altAmslM: 10 } });
    expect(c.airspace.file).toBe('missions/airspace/hamburg.ed269.json');
    expect(c.conformance).toEqual({ corridorHalfWidthM: 50, altitudeBandM: 20, staleTelemetryS: 3, reaction: 'hold' });
    expect(c.telemetry.wsRateHz).toBe(10);
    expect(c.map.tileUrl).toBeUndefined();
    expect(c.log.level).toBe('info');
    expect(c.configFile).toBeUndefined();
  });
  it('the defaults object passes the schema on its own and is not mutated by loading', () => {
    const before = JSON.stringify(CONFIG_DEFAULTS);
    withFile({ links: [{ url: 'udpin://0.0.0.0:14550' }], http: { port: 1 } });
    expect(JSON.stringify(CONFIG_DEFAULTS)).toBe(before);
  });
  it('the default airspace file and operation profile exist in missions/', () => {
    const root = join(import.meta.dirname, '../..');
    expect(() => readFileSync(join(root, CONFIG_DEFAULTS.airspace.file))).not.toThrow();
    const ref = operationProfileRef(load());
    expect(ref.kind).toBe('name');
    if (ref.kind === 'name') expect(Object.keys(JSON.parse(readFileSync(join(root, ref.file), 'utf8')).profiles)).toContain(ref.name);
  });
});

describe('dev token', () => {
  it('is generated (operator, named local-dev) when none is configured, and logged without the token', () => {
    const lines: { obj: object; msg: string }[] = [];
    const c = load({ logger: { info: (obj, msg) => lines.push({ obj, msg }) } });
    expect(c.auth.tokens).toEqual([{ token: 'dev'.repeat(8), role: 'operator', name: DEV_TOKEN_NAME }]);
    expect(c.auth.devTokenGenerated).toBe(true);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('devdev');
    expect(lines[0]!.msg).toMatch(/generated a local dev operator token/);
  });
  it('is random by default', () => {
    const a = loadConfig({ env: {}, readFile });
    const b = loadConfig({ env: {}, readFile });
    expect(a.auth.tokens[0]!.token).toMatch(/^[0-9a-f]{48}$/);
    expect(a.auth.tokens[0]!.token).not.toBe(b.auth.tokens[0]!.token);
  });
  it('is not generated when tokens are configured; redactConfig hides them', () => {
    const c = load({ env: { ELBFLUG_AUTH_TOKENS: `anna:operator:${TOKEN}, ben:viewer:${'b'.repeat(20)}:x` } });
    expect(c.auth.devTokenGenerated).toBe(false);
    expect(c.auth.tokens).toEqual([
      { name: 'anna', role: 'operator', token: TOKEN },
      { name: 'ben', role: 'viewer', token: `${'b'.repeat(20)}:x` },
    ]);
    expect(JSON.stringify(redactConfig(c))).not.toContain(TOKEN);
    expect(JSON.stringify(redactConfig(c))).toContain('anna');
  });
});

describe('environment variables (type coercion)', () => {
  const cases: [Record<string, string>, (c: ReturnType<typeof load>) => unknown, unknown][] = [
    [{ ELBFLUG_HTTP_HOST: '0.0.0.0' }, (c) => c.http.host, '0.0.0.0'],
    [{ ELBFLUG_HTTP_PORT: '9000' }, (c) => c.http.port, 9000],
    [{ ELBFLUG_HTTP_BODY_LIMIT_BYTES: '65536' }, (c) => c.http.bodyLimitBytes, 65536],
    [{ ELBFLUG_HTTP_RATE_LIMIT_WINDOW_MS: '1000', ELBFLUG_HTTP_RATE_LIMIT_MAX: '0' }, (c) => c.http.rateLimit, { windowMs: 1000, max: 0, anonymousMax: 60 }],
    [{ ELBFLUG_DATA_DIR: '/var/lib/elbflug' }, (c) => c.dataDir, '/var/lib/elbflug'],
    [{ ELBFLUG_LINKS: 'udpin://0.0.0.0:14550, radio=serial:///dev/ttyUSB0:57600' }, (c) => c.links, [{ name: 'udp14550', url: 'udpin://0.0.0.0:14550' }, { name: 'radio', url: 'serial:///dev/ttyUSB0:57600' }]],
    [{ ELBFLUG_SIMULATOR_ENABLED: 'false' }, (c) => c.simulator.enabled, false],
    [{ ELBFLUG_SIMULATOR_ENABLED: '0' }, (c) => c.simulator.enabled, false],
    [{ ELBFLUG_SIMULATOR_ENABLED: 'YES' }, (c) => c.simulator.enabled, true],
    [{ ELBFLUG_SIMULATOR_VEHICLES: '5', ELBFLUG_SIMULATOR_SPEED: '20.5' }, (c) => [c.simulator.vehicles, c.simulator.speed], [5, 20.5]],
    [{ ELBFLUG_SIMULATOR_HOME: '53.5914, 9.9767, 15' }, (c) => c.simulator.home, { lat: 53.5914, lon: 9.9767, altAmslM: 15 }],
    [{ ELBFLUG_AIRSPACE_FILE: 'my.json' }, (c) => c.airspace.file, 'my.json'],
    [{ ELBFLUG_OPERATION_PROFILE: 'open-vlos-general-clearance' }, (c) => c.operationProfile, 'open-vlos-general-clearance'],
    [{ ELBFLUG_VEHICLE_PROFILES_DIR: 'v', ELBFLUG_VEHICLE_PROFILES_DEFAULT: 'quad' }, (c) => c.vehicleProfiles, { dir: 'v', default: 'quad', bySysid: {} }],
    [{ ELBFLUG_CONFORMANCE_CORRIDOR_HALF_WIDTH_M: '25.5', ELBFLUG_CONFORMANCE_ALTITUDE_BAND_M: '1e1' }, (c) => [c.conformance.corridorHalfWidthM, c.conformance.altitudeBandM], [25.5, 10]],
    [{ ELBFLUG_CONFORMANCE_STALE_TELEMETRY_S: '5', ELBFLUG_CONFORMANCE_REACTION: 'rtl' }, (c) => [c.conformance.staleTelemetryS, c.conformance.reaction], [5, 'rtl']],
    [{ ELBFLUG_TELEMETRY_WS_RATE_HZ: '4' }, (c) => c.telemetry.wsRateHz, 4],
    [{ ELBFLUG_MAP_TILE_URL: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }, (c) => c.map.tileUrl, 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
    [{ ELBFLUG_LOG_LEVEL: 'debug' }, (c) => c.log.level, 'debug'],
    [{ ELBFLUG_HTTP_PORT: '' }, (c) => c.http.port, 8080], // empty = unset
    [{ ELBFLUG_TEST_VEHICLE_URL: 'udpin://0.0.0.0:1', OTHER: 'x' }, (c) => c.http.port, 8080], // not configuration: ignored
  ];
  it.each(cases)('%j', (env, pick, expected) => {
    expect(pick(load({ env }))).toEqual(expected);
  });
  it('every variable in the table is reachable and sets a schema path', () => {
    expect(new Set(ENV_VARS.map((e) => e.name)).size).toBe(ENV_VARS.length);
  });
});

describe('file + env precedence', () => {
  it('file overrides defaults, env overrides the file, untouched siblings keep their defaults', () => {
    const c = withFile({ http: { port: 9001, host: '0.0.0.0' }, simulator: { vehicles: 3 } }, { ELBFLUG_HTTP_PORT: '9002' });
    expect(c.http).toMatchObject({ port: 9002, host: '0.0.0.0', bodyLimitBytes: 1_048_576 });
    expect(c.simulator).toMatchObject({ vehicles: 3, speed: 5, enabled: true });
    expect(c.configFile).toBe('cfg.json');
  });
  it('lists replace, not merge', () => {
    const c = withFile({ links: [{ url: 'udpin://0.0.0.0:14550', name: 'sitl' }] }, { ELBFLUG_LINKS: 'udpout://127.0.0.1:14551' });
    expect(c.links).toEqual([{ name: 'udp14551', url: 'udpout://127.0.0.1:14551' }]);
  });
  it('ELBFLUG_CONFIG names the file; --config wins over it; --config=FILE works', () => {
    files['a.json'] = '{"http":{"port":1111}}';
    files['b.json'] = '{"http":{"port":2222}}';
    expect(load({ env: { ELBFLUG_CONFIG: 'a.json' } }).http.port).toBe(1111);
    expect(load({ env: { ELBFLUG_CONFIG: 'a.json' }, argv: ['--config', 'b.json'] }).http.port).toBe(2222);
    expect(load({ argv: ['serve', '--config=b.json'] }).http.port).toBe(2222);
  });
  it('a full file with every section', () => {
    const c = withFile({
      http: { host: '0.0.0.0', port: 80, bodyLimitBytes: 2048, rateLimit: { windowMs: 1000, max: 10 } },
      dataDir: '/srv/elbflug',
      links: [{ url: 'udpin://0.0.0.0:14550', name: 'sitl' }, { url: 'serial:///dev/ttyUSB0:57600' }],
      simulator: { enabled: false, vehicles: 0, speed: 1, home: { lat: 53.5, lon: 10, altAmslM: 5 } },
      auth: { tokens: [{ token: TOKEN, role: 'engineer', name: 'eve' }] },
      airspace: { file: 'zones.json' },
      operationProfile: 'profiles/hpa.json',
      vehicleProfiles: { dir: 'vehicles', default: 'quad-5kg', bySysid: { '1': 'quad-5kg', '255': 'hexa' } },
      conformance: { corridorHalfWidthM: 20, altitudeBandM: 10, staleTelemetryS: 2, reaction: 'none' },
      telemetry: { wsRateHz: 2 },
      map: { tileUrl: 'http://localhost:8081/{z}/{x}/{y}.png' },
      log: { level: 'warn' },
    });
    expect(c.vehicleProfiles.bySysid['255']).toBe('hexa');
    expect(c.links.map((l) => l.name)).toEqual(['sitl', 'ttyUSB0']);
    expect(operationProfileRef(c)).toEqual({ kind: 'file', path: 'profiles/hpa.json' });
  });
});

describe('rejections name the culprit', () => {
  const cases: [string, () => unknown, ConfigErrorCode, RegExp][] = [
    ['missing file', () => load({ argv: ['--config', 'nope.json'] }), 'CONFIG_FILE_UNREADABLE', /cannot read the configuration file nope\.json \(named by --config\).*ENOENT/],
    ['missing file from env', () => load({ env: { ELBFLUG_CONFIG: 'nope.json' } }), 'CONFIG_FILE_UNREADABLE', /named by ELBFLUG_CONFIG/],
    ['--config without a file', () => load({ argv: ['--config'] }), 'CONFIG_INVALID', /--config needs a file name/],
    ['not JSON', () => withFile('{"http": {port: 1}}'), 'CONFIG_FILE_NOT_JSON', /cfg\.json is not valid JSON/],
    ['not an object', () => withFile('[1]'), 'CONFIG_INVALID', /must hold a JSON object/],
    ['unknown top-level key', () => withFile({ htpp: {} }), 'CONFIG_INVALID', /cfg\.json: htpp: unknown key "htpp"/],
    ['unknown nested key', () => withFile({ http: { rateLimit: { windowMS: 1 } } }), 'CONFIG_INVALID', /cfg\.json: http\.rateLimit\.windowMS: unknown key/],
    ['__proto__ key', () => withFile('{"__proto__": {"dataDir": "x"}}'), 'CONFIG_INVALID', /cfg\.json: __proto__: unknown key/],
    ['wrong type in file', () => withFile({ http: { port: '80' } }), 'CONFIG_INVALID', /cfg\.json: http\.port: .*expected number/],
    ['out of range', () => withFile({ http: { port: 70000 } }), 'CONFIG_INVALID', /cfg\.json: http\.port:/],
    ['null for optional', () => withFile({ map: { tileUrl: null } }), 'CONFIG_INVALID', /cfg\.json: map\.tileUrl:/],
    ['tile URL without placeholders', () => withFile({ map: { tileUrl: 'https://example.org/tiles' } }), 'CONFIG_INVALID', /map\.tileUrl: must contain \{z\}/],
    ['bad link URL in file', () => withFile({ links: [{ url: 'udp://x:1' }] }), 'CONFIG_INVALID', /cfg\.json: links\[0\]\.url: invalid connection URL "udp:\/\/x:1": unknown scheme "udp"/],
    ['bad baud', () => withFile({ links: [{ url: 'serial:///dev/ttyUSB0:12345' }] }), 'CONFIG_INVALID', /links\[0\]\.url: .*baud rate 12345/],
    ['duplicate link url', () => withFile({ links: [{ url: 'udpin://0.0.0.0:1', name: 'a' }, { url: 'udpin://0.0.0.0:1', name: 'b' }] }), 'CONFIG_INVALID', /links\[1\]\.url: duplicates links\[0\]\.url/],
    ['duplicate link name', () => withFile({ links: [{ url: 'udpin://0.0.0.0:1', name: 'a' }, { url: 'udpin://0.0.0.0:2', name: 'a' }] }), 'CONFIG_INVALID', /links\[1\]\.name: "a" is already the name of links\[0\]/],
    ['default names collide', () => withFile({ links: [{ url: 'udpin://0.0.0.0:14550' }, { url: 'udpin://127.0.0.1:14550' }] }), 'CONFIG_INVALID', /links\[1\]\.name: "udp14550" is already/],
    ['link name with a slash', () => withFile({ links: [{ url: 'udpin://0.0.0.0:1', name: 'a/b' }] }), 'CONFIG_INVALID', /links\[0\]\.name: must be 1-32 letters/],
    ['bad link URL in env', () => load({ env: { ELBFLUG_LINKS: 'a=udpin://0.0.0.0:1,tcpout://h' } }), 'CONFIG_INVALID', /ELBFLUG_LINKS \(links\[1\]\.url\): invalid connection URL "tcpout:\/\/h"/],
    ['short token', () => withFile({ auth: { tokens: [{ token: 'abc', role: 'operator', name: 'a' }] } }), 'CONFIG_INVALID', /auth\.tokens\[0\]\.token: must be at least 16/],
    ['unknown role', () => load({ env: { ELBFLUG_AUTH_TOKENS: `a:pilot:${TOKEN}` } }), 'CONFIG_INVALID', /ELBFLUG_AUTH_TOKENS \(auth\.tokens\[0\]\.role\)/],
    ['token syntax', () => load({ env: { ELBFLUG_AUTH_TOKENS: TOKEN } }), 'CONFIG_INVALID', /ELBFLUG_AUTH_TOKENS: item 1 must be name:role:token/],
    ['duplicate token', () => withFile({ auth: { tokens: [{ token: TOKEN, role: 'operator', name: 'a' }, { token: TOKEN, role: 'viewer', name: 'b' }] } }), 'CONFIG_INVALID', /auth\.tokens\[1\]\.token: is the same token as auth\.tokens\[0\]/],
    ['duplicate token name', () => withFile({ auth: { tokens: [{ token: TOKEN, role: 'operator', name: 'a' }, { token: 'b'.repeat(16), role: 'viewer', name: 'a' }] } }), 'CONFIG_INVALID', /auth\.tokens\[1\]\.name: "a" is already used/],
    ['bad reaction', () => load({ env: { ELBFLUG_CONFORMANCE_REACTION: 'land' } }), 'CONFIG_INVALID', /ELBFLUG_CONFORMANCE_REACTION: .*"none"\|"hold"\|"rtl"/],
    ['not an integer', () => load({ env: { ELBFLUG_HTTP_PORT: '80.5' } }), 'CONFIG_INVALID', /ELBFLUG_HTTP_PORT: expected an integer, got "80\.5"/],
    ['not a number', () => load({ env: { ELBFLUG_SIMULATOR_SPEED: 'fast' } }), 'CONFIG_INVALID', /ELBFLUG_SIMULATOR_SPEED: expected a number/],
    ['not a boolean', () => load({ env: { ELBFLUG_SIMULATOR_ENABLED: 'maybe' } }), 'CONFIG_INVALID', /ELBFLUG_SIMULATOR_ENABLED: expected true\/false/],
    ['bad home', () => load({ env: { ELBFLUG_SIMULATOR_HOME: '53.5,9.9' } }), 'CONFIG_INVALID', /ELBFLUG_SIMULATOR_HOME: expected lat,lon,altAmslM/],
    ['home out of range', () => load({ env: { ELBFLUG_SIMULATOR_HOME: '95,9.9,1' } }), 'CONFIG_INVALID', /ELBFLUG_SIMULATOR_HOME \(simulator\.home\.lat\)/],
    ['env value out of range', () => load({ env: { ELBFLUG_TELEMETRY_WS_RATE_HZ: '0' } }), 'CONFIG_INVALID', /ELBFLUG_TELEMETRY_WS_RATE_HZ: /],
    ['unknown ELBFLUG_ variable with a hint', () => load({ env: { ELBFLUG_HTTP_PROT: '1' } }), 'CONFIG_INVALID', /ELBFLUG_HTTP_PROT: unknown variable; did you mean ELBFLUG_HTTP_PORT\?/],
    ['bad sysid key', () => withFile({ vehicleProfiles: { bySysid: { '0': 'q' } } }), 'CONFIG_INVALID', /vehicleProfiles\.bySysid.*1-255/],
    ['empty string', () => withFile({ dataDir: '  ' }), 'CONFIG_INVALID', /cfg\.json: dataDir: must not be empty/],
    ['bad log level', () => withFile({ log: { level: 'verbose' } }), 'CONFIG_INVALID', /cfg\.json: log\.level/],
  ];
  it.each(cases)('%s', (_name, f, code, message) => {
    const e = failure(f);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.issues.length).toBeGreaterThan(0);
  });
  it('reports every problem at once, each with its source', () => {
    const e = failure(() => withFile({ http: { port: -1 }, log: { level: 'x' } }, { ELBFLUG_SIMULATOR_SPEED: '-2' }));
    expect(e.issues.map((i) => [i.source, i.where])).toEqual([
      ['file', 'cfg.json: http.port'],
      ['env', 'ELBFLUG_SIMULATOR_SPEED'],
      ['file', 'cfg.json: log.level'],
    ]);
  });
  it('an env override hides an invalid value in the file', () => {
    expect(withFile({ http: { port: 'x' } }, { ELBFLUG_HTTP_PORT: '81' }).http.port).toBe(81);
  });
});

describe('the result is frozen', () => {
  it('deeply', () => {
    const c = withFile({ links: [{ url: 'udpin://0.0.0.0:14550' }], vehicleProfiles: { bySysid: { '1': 'q' } } });
    expect(Object.isFrozen(c)).toBe(true);
    for (const o of [c.http, c.http.rateLimit, c.links, c.links[0], c.simulator.home, c.auth.tokens, c.auth.tokens[0], c.vehicleProfiles.bySysid]) {
      expect(Object.isFrozen(o)).toBe(true);
    }
    expect(() => {
      (c.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe('readOperationProfile', () => {
  const root = join(import.meta.dirname, '../..');
  const readReal = (p: string) => readFileSync(join(root, p), 'utf8');
  it('finds the default profile by name in missions/airspace/profiles.json', () => {
    expect(readOperationProfile(load(), readReal)).toMatchObject({ category: 'specific', atcClearance: 'individual' });
  });
  it('reads a profile file', () => {
    files['p/hpa.json'] = '{"category":"specific"}';
    expect(readOperationProfile({ operationProfile: 'p/hpa.json' }, readFile)).toEqual({ category: 'specific' });
  });
  it.each([
    ['specific-bvlos-delivry', readReal, /"specific-bvlos-delivry" is not a profile in missions\/airspace\/profiles\.json; known: open-vlos-general-clearance/],
    ['missing/profile.json', readFile, /operationProfile: cannot read missing\/profile\.json as JSON/],
  ])('%s is refused naming operationProfile', (operationProfile, reader, message) => {
    const e = failure(() => readOperationProfile({ operationProfile }, reader));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toMatch(message);
  });
});
