/**
 * `npm start`: the ground-control service. With the defaults it runs the embedded simulator (two
 * PX4 quadrotors at the Rathaus), flies one demo delivery, and prints the map's URL with a token.
 *   npm start -- --help
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { loadConfig, redactConfig, type Config } from './config.js';
import { flyDemoDelivery } from './demo/demo-flight.js';
import { startService } from './service.js';
import { repoRoot } from './io/repo-root.js';

const int = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number ≥ 0, got "${v}"`);
  return n;
};

const program = new Command()
  .name('elbflug')
  .description('Drone-delivery ground control for Hamburg: planner, MAVLink 2 fleet, live map.')
  .option('--config <file>', 'JSON configuration file (see docs/configuration.md); env vars ELBFLUG_* override it')
  .option('--port <port>', 'HTTP port (overrides http.port)', int('--port'))
  .option('--data-dir <dir>', 'where the database and flight logs go (overrides dataDir)')
  .option('--bus <url>', 'NATS between the instances of a cluster, nats://host:4222 (overrides cluster.bus)')
  .option('--instance <id>', 'this instance\'s id in the cluster (overrides cluster.instance)')
  .option('--store <url>', 'PostgreSQL store of record, postgres://user:password@host/db (overrides store.url; default SQLite in dataDir)')
  .option('--link <url...>', 'MAVLink connection URL(s) to real vehicles, e.g. udpin://0.0.0.0:14550 (replaces links)')
  .option('--no-sim', 'do not start the embedded simulator')
  .option('--vehicles <n>', 'simulated vehicles', int('--vehicles'))
  .option('--speed <x>', 'simulator speed factor', (v) => Number(v))
  .option('--no-demo-flight', 'do not fly the demo delivery at start')
  .option('--init-db', 'initialise an existing empty (0-byte) or foreign database file instead of refusing to start')
  .option('--obstacles <file>', 'vertical obstacles, GeoJSON or AIXM 5.1 XML, or "none" (overrides obstacles.file)');
program.parse();
const o = program.opts<{ config?: string; port?: number; dataDir?: string; store?: string; bus?: string; instance?: string; link?: string[]; sim: boolean; vehicles?: number; speed?: number; demoFlight: boolean; initDb?: boolean; obstacles?: string }>();

const env: Record<string, string | undefined> = { ...process.env };
if (o.port !== undefined) env.ELBFLUG_HTTP_PORT = String(o.port);
if (o.dataDir) env.ELBFLUG_DATA_DIR = o.dataDir;
if (o.store) env.ELBFLUG_STORE_URL = o.store;
if (o.bus) env.ELBFLUG_CLUSTER_BUS = o.bus;
if (o.instance) env.ELBFLUG_CLUSTER_INSTANCE = o.instance;
if (!o.sim) env.ELBFLUG_SIMULATOR_ENABLED = 'false';
if (o.vehicles !== undefined) env.ELBFLUG_SIMULATOR_VEHICLES = String(o.vehicles);
if (o.speed !== undefined) env.ELBFLUG_SIMULATOR_SPEED = String(o.speed);
if (o.link?.length) env.ELBFLUG_LINKS = o.link.join(',');
if (o.obstacles) env.ELBFLUG_OBSTACLES_FILE = o.obstacles;

const bootLog = pino({ level: 'info' });
let config: Config;
try {
  config = loadConfig({ env, argv: o.config ? ['--config', o.config] : [], readFile: (p) => readFileSync(p, 'utf8'), logger: bootLog });
} catch (e) {
  console.error(`elbflug: ${(e as Error).message}`);
  process.exit(2);
}
const log = pino({ level: config.log.level });
log.debug({ config: redactConfig(config) }, 'configuration');

try {
  const svc = await startService(config, { log, webDir: join(repoRoot(), 'src/web'), ...(o.initDb ? { initialiseStore: true } : {}) });
  const token = config.auth.devTokenGenerated ? config.auth.tokens[0]!.token : undefined;
  console.log(`\n  elbflug is running: ${svc.url}/${token ? `?token=${token}` : ''}\n${token ? '  (a local operator token for this run; configure auth.tokens for real use)\n' : ''}`);
  const stop = async (): Promise<void> => {
    await svc.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (o.demoFlight && svc.sim) {
    flyDemoDelivery(svc, (line) => console.log(`  ${line}`)).catch((e: Error) => console.log(`  demo: launch failed: ${e.message}`));
  }
} catch (e) {
  log.error({ err: (e as Error).stack }, 'start failed');
  console.error(`elbflug: could not start: ${(e as Error).message}`);
  process.exit(1);
}
