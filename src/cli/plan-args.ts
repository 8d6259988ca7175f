/**
 * Arguments of `npm run plan` → typed options. Pure (commander with exitOverride; no process access).
 */
import { Command, CommanderError, Option } from 'commander';
import type { DeliveryMode, LatLon, Wind } from '../planner/types.js';

export const OUTPUT_FORMATS = ['json', 'plan', 'wpl', 'geojson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface PlanCliArgs {
  /** Plan mode: both given. */
  readonly from?: LatLon;
  readonly to?: LatLon;
  /** Check mode: a `.plan` or WPL file to validate instead of planning. */
  readonly check?: string;
  readonly consents: readonly string[];
  /** Path; undefined = the Hamburg set. */
  readonly airspace?: string;
  /** A file path or a name in missions/airspace/profiles.json (default `specific-bvlos-delivery`). */
  readonly profile: string;
  readonly at?: string;
  /** A file path or a name in missions/vehicles (default `delivery-quad`). */
  readonly vehicle: string;
  readonly wind?: Wind;
  readonly mode: DeliveryMode;
  readonly format: OutputFormat;
  readonly groundAmslM: number;
  readonly corridorHalfWidthM?: number;
  /** Obstacle file (GeoJSON or AIXM); undefined = the Hamburg test set; 'none' = no obstacles. */
  readonly obstacles?: string;
  /** Plan although the airspace or obstacle file had features the importer refused (they are not planned around). */
  readonly allowSkipped?: boolean;
}

/** A usage error: the message says which option is wrong and how to write it. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/**
 * `53.5914,9.9767` → {lat, lon}.
 * @example parseLatLon('53.5914,9.9767', '--from') // → { lat: 53.5914, lon: 9.9767 }
 */
export function parseLatLon(text: string, option: string): LatLon {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  const lat = Number(m?.[1]), lon = Number(m?.[2]);
  if (!m || Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new CliUsageError(`${option} "${text}": write latitude,longitude in degrees, e.g. 53.5914,9.9767`);
  return { lat, lon };
}

/**
 * `8@270` → 8 m/s from 270° (meteorological: the direction the wind blows from).
 * @example parseWind('8@270') // → { speedMps: 8, fromDeg: 270 }
 */
export function parseWind(text: string): Wind {
  const m = /^\s*(\d+(?:\.\d+)?)\s*@\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const speedMps = Number(m?.[1]), fromDeg = Number(m?.[2]);
  if (!m || fromDeg >= 360) throw new CliUsageError(`--wind "${text}": write speed@direction, m/s and degrees the wind blows from (0–359), e.g. 8@270`);
  return { speedMps, fromDeg };
}

function number(text: string, option: string, min: number): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < min) throw new CliUsageError(`${option} "${text}": expected a number ≥ ${min}`);
  return v;
}

/** The commander program (also used for --help text). */
export function planProgram(): Command {
  return new Command('plan')
    .description('Plan a drone delivery in Hamburg: route, PX4 mission, corridor fence, rally points. Result on stdout; a refusal exits 2 with the reason on stderr.')
    .option('--from <lat,lon>', 'take-off point')
    .option('--to <lat,lon>', 'delivery point')
    .option('--check <file>', 'validate a QGC .plan or WPL file against the airspace instead of planning (exit 2 on an obstacle)')
    .option('--consent <ids>', 'zone ids with consent, comma-separated (e.g. HHH01,HHH02)', '')
    .option('--airspace <file>', 'ED-269 or ED-318 JSON (default: missions/airspace/hamburg.ed269.json)')
    .option('--profile <file|name>', 'operation profile: a JSON file or a name in missions/airspace/profiles.json', 'specific-bvlos-delivery')
    .option('--at <iso>', 'departure time, ISO 8601 (default: the profile\'s)')
    .option('--vehicle <file|name>', 'vehicle profile: a JSON file or a name in missions/vehicles', 'delivery-quad')
    .option('--wind <speed@dir>', 'steady wind, m/s @ degrees it blows from, e.g. 8@270')
    .addOption(new Option('--mode <mode>', 'delivery mode').choices(['land', 'drop-and-return']).default('land'))
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('json'))
    .option('--ground-amsl <m>', 'ground elevation AMSL, flat terrain (m)', '10')
    .option('--corridor <m>', 'fence corridor half-width (m, default 15)')
    .option('--allow-skipped', 'plan although the airspace or obstacle file has features that could not be read (they are NOT planned around)')
    .option('--obstacles <file>', 'vertical obstacles, GeoJSON or AIXM 5.1 XML (default: missions/obstacles/hamburg.geojson; "none" for none)')
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
}

/**
 * Parse `npm run plan -- …` arguments (without `node` and the script path).
 * @example parsePlanArgs(['--from', '53.5914,9.9767', '--to', '53.5592,10.0181']).mode // → 'land'
 * @example parsePlanArgs(['--check', 'missions/plans/rathaus-delivery.plan']).check
 * @throws CliUsageError naming the option; commander's help/version as CommanderError
 */
export function parsePlanArgs(argv: readonly string[]): PlanCliArgs {
  const program = planProgram();
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError && e.code !== 'commander.helpDisplayed') throw new CliUsageError(e.message.replace(/^error: /, ''));
    throw e;
  }
  const o = program.opts<Record<string, string | undefined>>();
  const allowSkipped = (o.allowSkipped as unknown) === true;
  if (!o.check && (!o.from || !o.to)) throw new CliUsageError(`give --from and --to (or --check FILE); missing ${o.from ? '--to' : '--from'}`);
  return {
    ...(o.from ? { from: parseLatLon(o.from, '--from') } : {}),
    ...(o.to ? { to: parseLatLon(o.to, '--to') } : {}),
    ...(o.check ? { check: o.check } : {}),
    consents: (o.consent ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    ...(o.airspace ? { airspace: o.airspace } : {}),
    profile: o.profile!,
    ...(o.at ? { at: o.at } : {}),
    vehicle: o.vehicle!,
    ...(o.wind ? { wind: parseWind(o.wind) } : {}),
    mode: o.mode as DeliveryMode,
    format: o.format as OutputFormat,
    groundAmslM: number(o.groundAmsl!, '--ground-amsl', -500),
    ...(o.corridor ? { corridorHalfWidthM: number(o.corridor, '--corridor', 1) } : {}),
    ...(o.obstacles ? { obstacles: o.obstacles } : {}),
    ...(allowSkipped ? { allowSkipped } : {}),
  };
}
