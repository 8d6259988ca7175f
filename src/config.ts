/**
 * The service's one configuration: defaults ← JSON file (`--config FILE` or `ELBFLUG_CONFIG`) ←
 * `ELBFLUG_*` environment variables (env wins), validated by one strict zod schema, deep-frozen and
 * passed down explicitly. Nothing else in the code base reads process.env for configuration.
 *
 *   const config = loadConfig({ env: process.env, argv: process.argv.slice(2), readFile: (p) => readFileSync(p, 'utf8'), logger });
 *
 * Every option, variable and default: docs/configuration.md.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { CONFIG_FILE_ENV, configFromEnv } from './config/env.js';
import { ConfigError, type ConfigIssue } from './config/errors.js';
import { CONFIG_DEFAULTS, PROFILES_FILE, configSchema, type ConfigData, type DeepReadonly } from './config/schema.js';

export { CONFIG_DEFAULTS, CONFORMANCE_REACTIONS, LOG_LEVELS, PROFILES_FILE, ROLES, defaultLinkName, type Role } from './config/schema.js';
export { CONFIG_FILE_ENV, ENV_VARS } from './config/env.js';
export { CONFIG_ERROR_CODES, ConfigError, isConfigError, type ConfigErrorCode, type ConfigIssue } from './config/errors.js';

/** Name of the token generated when none is configured. */
export const DEV_TOKEN_NAME = 'local-dev';

/** The validated, frozen configuration. */
export type Config = DeepReadonly<
  Omit<ConfigData, 'auth'> & {
    auth: ConfigData['auth'] & {
      /** True when no token was configured and a `local-dev` operator token was generated for this run. */
      devTokenGenerated: boolean;
    };
    /** The JSON file read, if any. */
    configFile?: string;
  }
>;

export type AuthToken = Config['auth']['tokens'][number];

/** The structured logger's shape (pino's `info`). */
export interface ConfigLogger {
  info(obj: object, msg: string): void;
}

export interface LoadConfigOptions {
  /** The environment (usually `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Command-line arguments; only `--config FILE` / `--config=FILE` is read here. */
  readonly argv?: readonly string[];
  /** Reads a text file (usually `(p) => readFileSync(p, 'utf8')`); may throw. */
  readonly readFile: (path: string) => string;
  /** Source of the dev token (default: 24 random bytes, hex). */
  readonly randomToken?: () => string;
  readonly logger?: ConfigLogger;
}

/**
 * Loads and validates the configuration; throws {@link ConfigError} listing every problem, each
 * naming its culprit (`FILE: json.path` or the variable name).
 * @example
 * const config = loadConfig({ env: { ELBFLUG_HTTP_PORT: '9000' }, readFile: () => '' });
 * config.http.port // 9000
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const { env, argv = [], readFile } = options;
  const fileRef = configFileFromArgs(argv, env);
  const file = fileRef ? readConfigFile(fileRef, readFile) : {};
  const fromEnv = configFromEnv(env);
  const issues: ConfigIssue[] = fromEnv.issues.map((i) => ({ source: 'env', where: i.variable, message: i.message }));

  const merged = merge(merge(structuredClone(CONFIG_DEFAULTS), file), fromEnv.values);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push(...describeIssue(issue, fromEnv.origins, file, fileRef?.path));
  }
  if (issues.length > 0 || !parsed.success) {
    const lines = issues.map((i) => `  - ${i.where}: ${i.message}`).join('\n');
    throw new ConfigError('CONFIG_INVALID', `invalid configuration (fix these and start again; see docs/configuration.md):\n${lines}`, issues);
  }

  const data = parsed.data;
  let devTokenGenerated = false;
  if (data.auth.tokens.length === 0) {
    const token = (options.randomToken ?? (() => randomBytes(24).toString('hex')))();
    data.auth.tokens.push({ token, role: 'operator', name: DEV_TOKEN_NAME });
    devTokenGenerated = true;
    options.logger?.info(
      { event: 'config.devToken', name: DEV_TOKEN_NAME, role: 'operator' },
      `no auth tokens configured: generated a local dev operator token "${DEV_TOKEN_NAME}" for this run only; configure auth.tokens (or ELBFLUG_AUTH_TOKENS) for anything but a laptop demo`,
    );
  }
  const config = { ...data, auth: { ...data.auth, devTokenGenerated }, ...(fileRef ? { configFile: fileRef.path } : {}) };
  return deepFreeze(config) as Config;
}

/**
 * The configuration as it may be logged: tokens replaced by `***` (names and roles kept).
 * @example logger.info({ config: redactConfig(config) }, 'configuration loaded')
 */
export function redactConfig(config: Config): unknown {
  const store = config.store.url ? { ...config.store, url: config.store.url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/, '$1***@') } : config.store;
  return { ...config, store, auth: { ...config.auth, tokens: config.auth.tokens.map((t) => ({ ...t, token: '***' })) } };
}

/** Where the operation profile comes from: a JSON file, or a name in {@link PROFILES_FILE}. */
export type OperationProfileRef = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'name'; readonly name: string; readonly file: string };

/**
 * Interprets `operationProfile`: ends in `.json` or contains a `/` → a file; otherwise a profile
 * name in missions/airspace/profiles.json.
 * @example operationProfileRef(config) // { kind: 'name', name: 'specific-bvlos-delivery', file: 'missions/airspace/profiles.json' }
 */
export function operationProfileRef(config: Pick<Config, 'operationProfile'>): OperationProfileRef {
  const v = config.operationProfile;
  return v.endsWith('.json') || v.includes('/') ? { kind: 'file', path: v } : { kind: 'name', name: v, file: PROFILES_FILE };
}

/**
 * Reads the operation profile `config.operationProfile` names — a JSON file, or an entry of
 * missions/airspace/profiles.json — and returns it unparsed (hand it to `parseOperationProfile`).
 * Throws CONFIG_INVALID naming `operationProfile` and the file when it cannot be found.
 * @example parseOperationProfile(readOperationProfile(config, (p) => readFileSync(p, 'utf8')))
 */
export function readOperationProfile(config: Pick<Config, 'operationProfile'>, readFile: (path: string) => string): unknown {
  const ref = operationProfileRef(config);
  const path = ref.kind === 'file' ? ref.path : ref.file;
  const fail = (message: string): never => {
    throw new ConfigError('CONFIG_INVALID', `invalid configuration: operationProfile: ${message}`, [{ source: 'default', where: 'operationProfile', message }]);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(readFile(path));
  } catch (e) {
    return fail(`cannot read ${path} as JSON (${(e as Error).message}); check the path`);
  }
  if (ref.kind === 'file') return doc;
  const profiles = isPlainObject(doc) && isPlainObject(doc.profiles) ? doc.profiles : fail(`${path} has no "profiles" object`);
  if (!Object.hasOwn(profiles, ref.name)) return fail(`"${ref.name}" is not a profile in ${path}; known: ${Object.keys(profiles).join(', ')} (or give a path to a .json file)`);
  return profiles[ref.name];
}

interface FileRef {
  readonly path: string;
  readonly from: string;
}

function configFileFromArgs(argv: readonly string[], env: LoadConfigOptions['env']): FileRef | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new ConfigError('CONFIG_INVALID', '--config needs a file name, e.g. --config elbflug.json', [{ source: 'argv', where: '--config', message: 'missing file name' }]);
      }
      return { path: next, from: '--config' };
    }
    if (a.startsWith('--config=')) return { path: a.slice('--config='.length), from: '--config' };
  }
  const fromEnv = env[CONFIG_FILE_ENV]?.trim();
  return fromEnv ? { path: fromEnv, from: CONFIG_FILE_ENV } : undefined;
}

function readConfigFile(ref: FileRef, readFile: LoadConfigOptions['readFile']): Record<string, unknown> {
  let text: string;
  try {
    text = readFile(ref.path);
  } catch (e) {
    throw new ConfigError('CONFIG_FILE_UNREADABLE', `cannot read the configuration file ${ref.path} (named by ${ref.from}): ${(e as Error).message}; check the path and its permissions`, [
      { source: 'file', where: ref.path, message: (e as Error).message },
    ]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('CONFIG_FILE_NOT_JSON', `the configuration file ${ref.path} is not valid JSON (${(e as Error).message}); comments and trailing commas are not allowed`, [
      { source: 'file', where: ref.path, message: (e as Error).message },
    ]);
  }
  if (!isPlainObject(doc)) {
    throw new ConfigError('CONFIG_INVALID', `the configuration file ${ref.path} must hold a JSON object, e.g. {"http": {"port": 8080}}`, [
      { source: 'file', where: `${ref.path}: (root)`, message: 'must be a JSON object' },
    ]);
  }
  return doc;
}

/** `links[0].url`, `http.rateLimit.max`. */
function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `${out === '' ? '' : '.'}${String(k)}`;
  return out === '' ? '(root)' : out;
}

function has(obj: unknown, path: readonly PropertyKey[]): boolean {
  let node = obj;
  for (const k of path) {
    if (typeof node !== 'object' || node === null || !(k in node)) return false;
    node = (node as Record<PropertyKey, unknown>)[k];
  }
  return true;
}

/** Turns a zod issue into issues that name the variable, the file position, or the default. */
function describeIssue(issue: z.core.$ZodIssue, origins: ReadonlyMap<string, string>, file: Record<string, unknown>, filePath: string | undefined): ConfigIssue[] {
  const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
  return paths.map((path) => {
    const message = issue.code === 'unrecognized_keys' ? `unknown key "${String(path[path.length - 1])}"; check the spelling against docs/configuration.md` : issue.message;
    for (let n = path.length; n > 0; n--) {
      const variable = origins.get(path.slice(0, n).map(String).join('.'));
      if (variable) return { source: 'env', where: n < path.length ? `${variable} (${jsonPath(path)})` : variable, message };
    }
    if (filePath !== undefined && (has(file, path) || issue.code === 'unrecognized_keys')) return { source: 'file', where: `${filePath}: ${jsonPath(path)}`, message };
    return { source: 'default', where: jsonPath(path), message: `${message} (required: set it in the configuration file)` };
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects; arrays and scalars from `over` replace. Does not mutate `over`. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    // defineProperty, not assignment: a "__proto__" key from JSON stays a key (and is rejected as unknown).
    Object.defineProperty(out, k, { value: Object.hasOwn(base, k) ? merge(base[k], v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
