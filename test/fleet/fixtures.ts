/** Hand-made routes and vehicle states for the fleet's pure cores (no planner needed). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initialVehicleState, type VehicleState } from '../../firmware-bridge/vehicle/state.js';
import { importAirspace } from '../../src/airspace/formats/ed318-import.js';
import { parseOperationProfile } from '../../src/airspace/profile.js';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import { distanceM } from '../../src/geo/distance.js';
import type { Leg, Route, VehicleProfile } from '../../src/planner/types.js';

const ROOT = join(import.meta.dirname, '../..');
export const HAMBURG = importAirspace(JSON.parse(readFileSync(join(ROOT, 'missions/airspace/hamburg.ed269.json'), 'utf8'))).zones;
export const INDEX = createAirspaceIndex(HAMBURG);
const profiles = JSON.parse(readFileSync(join(ROOT, 'missions/airspace/profiles.json'), 'utf8')) as { profiles: Record<string, unknown> };
export const PROFILE = parseOperationProfile(profiles.profiles['specific-bvlos-delivery']);

export const VEHICLE: VehicleProfile = {
  id: 'test-quad',
  name: 'Test quad',
  cruiseSpeedMps: 10,
  climbRateMps: 3,
  descentRateMps: 1.5,
  batteryWh: 500,
  hoverPowerW: 800,
  cruisePowerW: 700,
  climbPowerW: 1000,
  maxWindMps: 12,
  reservePct: 20,
};

type P = { lat: number; lon: number; altAglM: number };

function leg(kind: Leg['kind'], from: P, to: P, startS: number): Leg {
  const horizontalM = distanceM(from, to);
  const vertical = Math.abs(to.altAglM - from.altAglM);
  const durationS = kind === 'cruise' ? horizontalM / VEHICLE.cruiseSpeedMps : vertical / (kind === 'climb' ? VEHICLE.climbRateMps : VEHICLE.descentRateMps);
  const power = kind === 'climb' ? VEHICLE.climbPowerW : kind === 'cruise' ? VEHICLE.cruisePowerW : VEHICLE.hoverPowerW;
  return { kind, from, to, horizontalM, groundSpeedMps: kind === 'cruise' ? VEHICLE.cruiseSpeedMps : 0, durationS, energyWh: (power * durationS) / 3600, startS };
}

/** A straight 60 m-AGL route between two points: climb, cruise, descent. `zones` lists what the plan crossed. */
export function straightRoute(from: { lat: number; lon: number }, to: { lat: number; lon: number }, zones: string[] = ['HHA01']): Route {
  const legs: Leg[] = [];
  legs.push(leg('climb', { ...from, altAglM: 0 }, { ...from, altAglM: 60 }, 0));
  legs.push(leg('cruise', { ...from, altAglM: 60 }, { ...to, altAglM: 60 }, legs[0]!.durationS));
  legs.push(leg('descent', { ...to, altAglM: 60 }, { ...to, altAglM: 0 }, legs[0]!.durationS + legs[1]!.durationS));
  const energyWh = legs.reduce((s, l) => s + l.energyWh, 0);
  return {
    request: { from, to, vehicle: VEHICLE, profile: PROFILE, mode: 'land' },
    legs,
    deliveryLegIndex: 2,
    distanceM: legs[1]!.horizontalM,
    durationS: legs.reduce((s, l) => s + l.durationS, 0),
    energyWh,
    reservePct: 100 - (energyWh / VEHICLE.batteryWh) * 100,
    zones: zones.map((zoneId, i) => ({ zoneId, zoneName: zoneId, legIndex: 1, entryM: i, exitM: i + 1, verdict: { kind: 'conditional', decisions: [] } as never })),
    ceiling: [],
    warnings: [],
    geojson: { type: 'FeatureCollection', features: [] },
  };
}

/** A vehicle state as the reducer would produce it, flying and healthy unless overridden. */
export function flying(over: Partial<VehicleState> & { lat: number; lon: number; relAltM: number }, nowMs: number): VehicleState {
  const base = initialVehicleState(1);
  return {
    ...base,
    connected: true,
    armed: true,
    flightMode: 'Mission',
    systemStatus: 'ACTIVE',
    landedState: 'IN_AIR',
    position: { lat: over.lat, lon: over.lon, relAltM: over.relAltM, altAmslM: 10 + over.relAltM },
    gps: { fixType: '3D_FIX', satellites: 12, hdop: 0.8, hAccM: 1 },
    battery: { remainingPct: 90, voltageV: 16, currentA: undefined, chargeState: 'OK' },
    lastMessageAtMs: { HEARTBEAT: nowMs, GLOBAL_POSITION_INT: nowMs },
    ...over,
  };
}
