/**
 * Scenario files for the CLI (and anyone calling startFleet from JSON): vehicles, homes, wind,
 * battery, parameter overrides and faults on a timeline. Validated with zod, unknown keys rejected.
 *
 * @example
 * { "speed": 20, "vehicles": [{ "home": { "lat": 53.5508, "lon": 9.9925 } }, {}],
 *   "wind": { "speedMps": 4, "fromDeg": 270, "gustStdMps": 1 },
 *   "faults": [{ "atS": 60, "vehicle": 1, "fault": "linkLoss", "seconds": 20 }] }
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_ENERGY_MODEL } from '../physics/battery.js';
import { FaultSchema } from './faults.js';
import type { FleetOptions, TimedFault } from './fleet.js';

const Home = z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), altAmsl: z.number().optional() });
const Wind = z.strictObject({
  speedMps: z.number().min(0).max(40),
  fromDeg: z.number().default(270),
  gustStdMps: z.number().min(0).default(0),
  gustTauS: z.number().positive().default(3),
});
const Battery = z.union([
  z.strictObject({ kind: z.literal('px4-sim') }),
  z.strictObject({
    kind: z.literal('energy'),
    capacityWh: z.number().positive().default(DEFAULT_ENERGY_MODEL.capacityWh),
    hoverPowerW: z.number().positive().default(DEFAULT_ENERGY_MODEL.hoverPowerW),
    dragWPerMps3: z.number().min(0).default(DEFAULT_ENERGY_MODEL.dragWPerMps3),
    climbWPerMps: z.number().min(0).default(DEFAULT_ENERGY_MODEL.climbWPerMps),
    translationalLiftFraction: z.number().min(0).max(0.5).default(DEFAULT_ENERGY_MODEL.translationalLiftFraction),
  }),
]);
const Params = z.record(z.string().regex(/^[A-Z0-9_]{1,16}$/), z.number());
const Vehicle = z.strictObject({ home: Home.optional(), gcs: z.string().optional(), localPort: z.number().int().min(0).max(65535).optional(), wind: Wind.optional(), battery: Battery.optional(), params: Params.optional() });
const TimedFaultSchema = z.intersection(z.object({ atS: z.number().min(0), vehicle: z.number().int().positive().optional() }), FaultSchema);

export const ScenarioSchema = z.strictObject({
  speed: z.number().positive().max(1000).optional(),
  seed: z.number().int().optional(),
  highRateHz: z.number().min(0).max(100).optional(),
  home: Home.optional(),
  spacingM: z.number().min(0).optional(),
  gcs: z.string().optional(),
  basePort: z.number().int().min(0).max(65535).optional(),
  wind: Wind.optional(),
  battery: Battery.optional(),
  params: Params.optional(),
  vehicles: z.union([z.number().int().min(1).max(255), z.array(Vehicle).min(1).max(255)]).optional(),
  faults: z.array(TimedFaultSchema).optional(),
  /** stop the CLI after this many simulated seconds */
  durationS: z.number().positive().optional(),
  control: z.strictObject({ port: z.number().int().min(0).max(65535), host: z.string().optional() }).optional(),
});

export type Scenario = z.output<typeof ScenarioSchema>;

/** Scenario JSON → startFleet options (plus the CLI's duration). */
export function scenarioToOptions(s: Scenario): FleetOptions & { durationS?: number } {
  const faults: TimedFault[] = (s.faults ?? []).map(({ atS, vehicle, ...fault }) => ({ atS, vehicle, fault }));
  const { faults: _f, ...rest } = s;
  return { ...rest, faults };
}

/** Read and validate a scenario file; errors name the file and the offending path. */
export async function loadScenario(path: string): Promise<Scenario> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read scenario ${path}: ${(e as Error).message}`, { cause: e });
  }
  const r = ScenarioSchema.safeParse(json);
  if (!r.success) throw new Error(`scenario ${path} is invalid: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}
