/** Vehicle profiles (missions/vehicles/*.json), validated with zod. */
import { z } from 'zod';
import type { VehicleProfile } from './types.js';

const pos = z.number().positive().finite();
const schema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  cruiseSpeedMps: pos,
  climbRateMps: pos,
  descentRateMps: pos,
  batteryWh: pos,
  hoverPowerW: pos,
  cruisePowerW: pos,
  climbPowerW: pos,
  maxWindMps: pos,
  reservePct: z.number().min(0).lt(100),
});

/**
 * Validates a vehicle profile (e.g. the parsed JSON of missions/vehicles/delivery-quad.json);
 * throws a RangeError naming the first bad field.
 * @example
 * const vehicle = parseVehicleProfile(JSON.parse(readFileSync('missions/vehicles/delivery-quad.json', 'utf8')));
 */
export function parseVehicleProfile(input: unknown): VehicleProfile {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new RangeError(`vehicle profile: ${i?.path.join('.') || '(root)'}: ${i?.message ?? 'invalid'}; see missions/vehicles/*.json for the fields`);
  }
  return Object.freeze(r.data);
}
