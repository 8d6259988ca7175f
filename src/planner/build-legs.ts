/**
 * The vertical profile, timing and energy of a horizontal path: vertical climb at the start, a
 * cruise leg per path edge at its height (vertical climb/descent where the height changes),
 * vertical descent at the destination (land) or descent to the drop height, a release hover,
 * climb and the mirrored return path with landing at home (drop-and-return).
 * Energy: climb legs at climbPowerW, descent and hover legs at hoverPowerW, cruise legs at
 * cruisePowerW (the air speed, and so the power, is the cruise speed whatever the wind).
 */
import { distanceM } from '../geo/distance.js';
import { bearingDeg } from '../geo/bearing.js';
import { groundSpeed } from './ground-speed.js';
import type { LatLon, Leg, VehicleProfile, Wind } from './types.js';

export interface PathPoint extends LatLon {
  /** Height of the edge that LEAVES this point (ignored on the last point). */
  readonly cruiseAglM: number;
}

export interface LegPlan {
  readonly legs: Leg[];
  readonly deliveryLegIndex: number;
  /** A leg whose wind triangle has no positive ground speed, if any. */
  readonly windFailure?: { legIndex: number; trackDeg: number };
}

type Pt = LatLon & { altAglM: number };

/** Slowest ground speed the planner accepts on a leg, m/s (a vehicle hanging in a head wind is refused). */
export const MIN_GROUND_SPEED_MPS = 1;

class LegBuilder {
  readonly legs: Leg[] = [];
  t = 0;
  windFailure: { legIndex: number; trackDeg: number } | undefined;
  constructor(private readonly v: VehicleProfile, private readonly wind: Wind | undefined) {}

  vertical(p: LatLon, fromAgl: number, toAgl: number, kindDown: 'descent' = 'descent'): void {
    if (Math.abs(toAgl - fromAgl) < 1e-9) return;
    const up = toAgl > fromAgl;
    const durationS = Math.abs(toAgl - fromAgl) / (up ? this.v.climbRateMps : this.v.descentRateMps);
    const power = up ? this.v.climbPowerW : this.v.hoverPowerW;
    this.push({ kind: up ? 'climb' : kindDown, from: { ...p, altAglM: fromAgl }, to: { ...p, altAglM: toAgl }, horizontalM: 0, groundSpeedMps: 0, durationS, energyWh: (power * durationS) / 3600 });
  }

  hover(p: Pt, durationS: number): void {
    this.push({ kind: 'hover', from: p, to: p, horizontalM: 0, groundSpeedMps: 0, durationS, energyWh: (this.v.hoverPowerW * durationS) / 3600 });
  }

  cruise(a: Pt, b: Pt, kind: 'cruise' | 'return'): void {
    const horizontalM = distanceM(a, b);
    if (horizontalM < 1e-6) return;
    const track = bearingDeg(a, b);
    const gs = groundSpeed(this.v.cruiseSpeedMps, track, this.wind).groundSpeedMps;
    if (!(gs >= MIN_GROUND_SPEED_MPS)) {
      this.windFailure ??= { legIndex: this.legs.length, trackDeg: track };
    }
    const ok = gs >= MIN_GROUND_SPEED_MPS;
    const durationS = ok ? horizontalM / gs : 0; // a failed leg is refused (WIND_TOO_STRONG) before anyone uses its time
    this.push({ kind, from: a, to: b, horizontalM, groundSpeedMps: ok ? gs : 0, durationS, energyWh: (this.v.cruisePowerW * durationS) / 3600 });
  }

  private push(l: Omit<Leg, 'startS'>): void {
    this.legs.push({ ...l, startS: this.t });
    this.t += l.durationS;
  }
}

function flyPath(b: LegBuilder, pts: readonly PathPoint[], startAgl: number, kind: 'cruise' | 'return'): number {
  let alt = startAgl;
  for (let i = 0; i + 1 < pts.length; i++) {
    const h = pts[i]!.cruiseAglM;
    b.vertical(pts[i]!, alt, h);
    b.cruise({ ...pts[i]!, altAglM: h }, { ...pts[i + 1]!, altAglM: h }, kind);
    alt = h;
  }
  return alt;
}

/**
 * Legs with timing and energy for a path.
 * @example
 * const { legs } = buildLegs([{ lat: 53.55, lon: 9.99, cruiseAglM: 60 }, { lat: 53.54, lon: 10.0, cruiseAglM: 60 }], vehicle, 'land');
 * legs.map((l) => l.kind); // → ['climb', 'cruise', 'descent']
 */
export function buildLegs(
  pts: readonly PathPoint[], v: VehicleProfile, mode: 'land' | 'drop-and-return', wind: Wind | undefined,
  drop: { heightAglM: number; hoverS: number } = { heightAglM: 10, hoverS: 10 },
): LegPlan {
  const b = new LegBuilder(v, wind);
  const last = pts[pts.length - 1]!;
  const alt = flyPath(b, pts, 0, 'cruise');
  let deliveryLegIndex: number;
  if (mode === 'land') {
    b.vertical(last, alt, 0);
    deliveryLegIndex = b.legs.length - 1;
  } else {
    b.vertical(last, alt, drop.heightAglM);
    b.hover({ ...last, altAglM: drop.heightAglM }, drop.hoverS);
    deliveryLegIndex = b.legs.length - 1;
    // mirror: each reversed edge keeps the height it had outbound
    const back: PathPoint[] = [];
    for (let i = pts.length - 1; i >= 0; i--) back.push({ ...pts[i]!, cruiseAglM: i > 0 ? pts[i - 1]!.cruiseAglM : 0 });
    const a2 = flyPath(b, back, drop.heightAglM, 'return');
    b.vertical(pts[0]!, a2, 0);
  }
  return { legs: b.legs, deliveryLegIndex, ...(b.windFailure ? { windFailure: b.windFailure } : {}) };
}
