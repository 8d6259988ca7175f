/** Shared fixtures for the planner tests: Hamburg data set, scenarios, vehicles, profiles. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importEd269 } from '../../src/airspace/formats/ed269-import.js';
import { parseOperationProfile, type OperationProfileInput } from '../../src/airspace/profile.js';
import { createAirspaceIndex, type AirspaceIndex } from '../../src/airspace/query/create-index.js';
import type { Zone } from '../../src/airspace/types.js';
import { parseVehicleProfile } from '../../src/planner/vehicle-profile.js';
import type { PlanRequest, VehicleProfile } from '../../src/planner/types.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const json = (p: string): unknown => JSON.parse(readFileSync(REPO + p, 'utf8'));

export interface Scenario {
  id: string;
  name: string;
  from: { lat: number; lon: number };
  to: { lat: number; lon: number };
  straightLineKm: number;
  consents: string[];
}

let zones: Zone[] | undefined;
export const hamburgZones = (): Zone[] => (zones ??= importEd269(json('missions/airspace/hamburg.ed269.json')).zones);
let index: AirspaceIndex | undefined;
export const hamburgIndex = (): AirspaceIndex => (index ??= createAirspaceIndex(hamburgZones()));
export const scenarios = (): Scenario[] => (json('missions/deliveries/hamburg.json') as { scenarios: Scenario[] }).scenarios;
export const scenario = (id: string): Scenario => scenarios().find((s) => s.id === id)!;
export const vehicle = (id = 'delivery-quad'): VehicleProfile => parseVehicleProfile(json(`missions/vehicles/${id}.json`));

const profiles = (json('missions/airspace/profiles.json') as { profiles: Record<string, OperationProfileInput> }).profiles;
export const profile = (name = 'specific-bvlos-delivery', extra: Partial<OperationProfileInput> = {}): ReturnType<typeof parseOperationProfile> =>
  parseOperationProfile({ ...profiles[name]!, ...extra });

export function request(s: Scenario, extra: Partial<PlanRequest> = {}, profileExtra: Partial<OperationProfileInput> = {}): PlanRequest {
  return { from: s.from, to: s.to, vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents: s.consents, ...profileExtra }), mode: 'land', ...extra };
}
