/**
 * elbflug simulator CLI: PX4 SITL-like multicopters on UDP, faster than real time, with faults.
 *
 *   tsx sim/cli.ts --vehicles 3 --speed 20 --home 53.5508,9.9925
 *   tsx sim/cli.ts --scenario missions/sim/link-loss.json --control 8089
 *   tsx sim/cli.ts --gcs udpin://127.0.0.1:18570 --gcs udpout://127.0.0.1:14551   (one URL per vehicle)
 */
import { Command, InvalidArgumentError } from 'commander';
import { formatStatus } from './runtime/status-line.js';
import { loadScenario, scenarioToOptions } from './runtime/scenario.js';
import { startFleet, type FleetOptions } from './runtime/fleet.js';

const num = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number, got "${v}"`);
  return n;
};

function parseHome(v: string): { lat: number; lon: number; altAmsl?: number } {
  const [lat, lon, alt] = v.split(',').map(Number);
  if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) throw new InvalidArgumentError(`--home wants lat,lon[,altAmsl], e.g. 53.5508,9.9925,10; got "${v}"`);
  return { lat, lon, altAmsl: alt !== undefined && Number.isFinite(alt) ? alt : undefined };
}

const program = new Command()
  .name('elbflug-sim')
  .description('Simulated PX4 1.16 multicopters speaking MAVLink 2 over UDP (see docs/sim.md)')
  .option('-n, --vehicles <n>', 'number of vehicles (sysid 1..n, ports 18570+i)', num('--vehicles'))
  .option('-s, --speed <x>', 'simulated seconds per real second', num('--speed'))
  .option('--home <lat,lon[,alt]>', 'home of every vehicle (spaced 5 m apart east)', parseHome)
  .option('--gcs <url...>', 'GCS link: one URL for all, or one per vehicle (udpout://host:port | udpin://host:port)')
  .option('--base-port <port>', 'first local port (PX4 SITL: 18570)', num('--base-port'))
  .option('--scenario <file>', 'JSON scenario: vehicles, homes, wind, battery, params, faults timeline')
  .option('--control <port>', 'HTTP control endpoint on 127.0.0.1 (GET /status, POST /fault, POST /speed)', num('--control'))
  .option('--high-rate <hz>', 'rate of the seven 50 Hz streams (0 = off)', num('--high-rate'))
  .option('--seed <n>', 'random seed', num('--seed'))
  .option('--duration <s>', 'stop after this many simulated seconds', num('--duration'))
  .option('--quiet', 'no status lines');

async function main(): Promise<void> {
  program.parse();
  const o = program.opts<{ vehicles?: number; speed?: number; home?: FleetOptions['home']; gcs?: string[]; basePort?: number; scenario?: string; control?: number; highRate?: number; seed?: number; duration?: number; quiet?: boolean }>();
  const fromFile = o.scenario ? scenarioToOptions(await loadScenario(o.scenario)) : {};
  const count = o.vehicles ?? (typeof fromFile.vehicles === 'number' ? fromFile.vehicles : Array.isArray(fromFile.vehicles) ? fromFile.vehicles.length : 1);
  let vehicles: FleetOptions['vehicles'] = Array.isArray(fromFile.vehicles) ? fromFile.vehicles : count;
  if (o.gcs && o.gcs.length > 1) {
    const base = Array.isArray(vehicles) ? vehicles : Array.from({ length: count }, () => ({}));
    vehicles = base.map((v, i) => ({ ...v, gcs: o.gcs![i] ?? o.gcs![o.gcs!.length - 1] }));
  }
  const options: FleetOptions = {
    ...fromFile,
    vehicles,
    speed: o.speed ?? fromFile.speed ?? 1,
    home: o.home ?? fromFile.home,
    gcs: o.gcs?.length === 1 ? o.gcs[0] : fromFile.gcs,
    basePort: o.basePort ?? fromFile.basePort,
    highRateHz: o.highRate ?? fromFile.highRateHz,
    seed: o.seed ?? fromFile.seed,
    control: o.control !== undefined ? { port: o.control } : fromFile.control,
  };
  const fleet = await startFleet(options);
  const duration = o.duration ?? fromFile.durationS;
  const tty = process.stdout.isTTY && !o.quiet;
  process.stderr.write(
    `elbflug-sim: ${fleet.vehicles.length} vehicle(s) at ${fleet.speed}x\n` +
      fleet.vehicles.map((v) => `  sysid ${v.sysid}: local udp ${v.localPort} ↔ ${v.gcsUrl}\n`).join('') +
      (fleet.control ? `  control: http://127.0.0.1:${fleet.control.port}/status\n` : ''),
  );
  let printed = 0;
  const show = (): void => {
    if (o.quiet) return;
    const lines = fleet.status().map(formatStatus);
    if (tty) {
      if (printed) process.stdout.write(`\x1b[${printed}F`);
      process.stdout.write(lines.map((l) => `\x1b[2K${l}\n`).join(''));
      printed = lines.length;
    } else {
      process.stdout.write(lines.join('\n') + '\n');
    }
  };
  let lastShow = 0;
  const timer = setInterval(() => {
    if (duration !== undefined && fleet.nowS() >= duration) return void stop();
    if (Date.now() - lastShow < (tty ? 250 : 5000)) return;
    lastShow = Date.now();
    show();
  }, 50);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    show();
    await fleet.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`elbflug-sim: ${(e as Error).message}\n`);
  process.exit(1);
});
