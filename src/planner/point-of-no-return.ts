/**
 * Point of no return for drop-and-return: the horizontal distance along the outbound path after
 * which the vehicle could no longer fly back home (mirroring every outbound leg, with the wind
 * acting on the reversed tracks) and land with the reserve.
 */
import { bearingDeg } from '../geo/bearing.js';
import { MIN_GROUND_SPEED_MPS } from './build-legs.js';
import { groundSpeed } from './ground-speed.js';
import type { Leg, VehicleProfile, Wind } from './types.js';

function mirrorEnergyWh(l: Leg, v: VehicleProfile, wind: Wind | undefined): number {
  if (l.kind === 'climb') return (v.hoverPowerW * ((l.to.altAglM - l.from.altAglM) / v.descentRateMps)) / 3600;
  if (l.kind === 'descent') return (v.climbPowerW * ((l.from.altAglM - l.to.altAglM) / v.climbRateMps)) / 3600;
  if (l.kind === 'hover' || l.horizontalM === 0) return l.energyWh;
  const gs = groundSpeed(v.cruiseSpeedMps, bearingDeg(l.to, l.from), wind).groundSpeedMps;
  return gs >= MIN_GROUND_SPEED_MPS ? (v.cruisePowerW * (l.horizontalM / gs)) / 3600 : Infinity;
}

/**
 * Distance (m, horizontal, along the outbound path) up to which a return home with the reserve
 * is still possible; the full outbound distance when it is possible from everywhere.
 * @example
 * pointOfNoReturnM(route.legs, route.deliveryLegIndex, vehicle, undefined); // → e.g. 4 480
 */
export function pointOfNoReturnM(legs: readonly Leg[], deliveryLegIndex: number, v: VehicleProfile, wind: Wind | undefined): number {
  const usable = v.batteryWh * (1 - v.reservePct / 100);
  let out = 0, back = 0, x = 0;
  for (let i = 0; i <= deliveryLegIndex && i < legs.length; i++) {
    const l = legs[i]!;
    const e = l.energyWh, m = mirrorEnergyWh(l, v, wind);
    if (out + e + back + m <= usable) {
      out += e; back += m; x += l.horizontalM;
      continue;
    }
    if (l.horizontalM === 0 || !(e + m > 0)) return x;
    const f = Math.max(0, Math.min(1, (usable - out - back) / (e + m)));
    return x + f * l.horizontalM;
  }
  return x;
}
