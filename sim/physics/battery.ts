/**
 * Battery: PX4 SITL's simulated battery (SIM_BAT_DRAIN / SIM_BAT_MIN_PCT, what the traces show) or
 * an energy model (hover/cruise power, Wh) the planner's energy estimate can be validated against.
 * Pure: state in, state out.
 */
export interface BatteryParams {
  cells: number; // BAT1_N_CELLS
  vCharged: number; // BAT1_V_CHARGED per cell
  vEmpty: number; // BAT1_V_EMPTY per cell
  drainS: number; // SIM_BAT_DRAIN: seconds from 100 % to 0 while armed
  minPct: number; // SIM_BAT_MIN_PCT: floor of the simulated drain
}

export interface EnergyModel {
  capacityWh: number;
  /** electrical power while hovering, W */
  hoverPowerW: number;
  /** extra power per (m/s)^3 of airspeed (parasitic drag), W */
  dragWPerMps3: number;
  /** extra power per m/s of climb, W (m·g / efficiency) */
  climbWPerMps: number;
  /** power saved by translational lift at cruise, fraction of hover at ≥ 8 m/s airspeed */
  translationalLiftFraction: number;
}

/** A ≈2 kg delivery quad with a 4S 7 Ah pack (≈100 Wh): about 20 min of hover. */
export const DEFAULT_ENERGY_MODEL: EnergyModel = {
  capacityWh: 100,
  hoverPowerW: 300,
  dragWPerMps3: 0.05,
  climbWPerMps: 30,
  translationalLiftFraction: 0.12,
};

export type BatteryModel = { kind: 'px4-sim' } | ({ kind: 'energy' } & EnergyModel);

export interface BatteryState {
  /** state of charge 0..1 */
  soc: number;
  /** what PX4 reports (filtered: the reset after disarm shows as 58 → 94 → 99 %) */
  reportedSoc: number;
  usedWh: number;
  /** instantaneous electrical power, W (energy model only; 0 for px4-sim) */
  powerW: number;
}

export function freshBattery(): BatteryState {
  return { soc: 1, reportedSoc: 1, usedWh: 0, powerW: 0 };
}

/**
 * Electrical power for an airspeed, climb rate and flight state.
 * @example powerW(DEFAULT_ENERGY_MODEL, 10, 0, true) // ≈ 314 W
 */
export function powerW(m: EnergyModel, airspeedMps: number, climbMps: number, flying: boolean): number {
  if (!flying) return 0;
  const lift = m.translationalLiftFraction * Math.min(1, airspeedMps / 8);
  return m.hoverPowerW * (1 - lift) + m.dragWPerMps3 * airspeedMps ** 3 + m.climbWPerMps * Math.max(0, climbMps);
}

/** Pack voltage for a state of charge (PX4's linear SITL curve, 16.2 → 14.4 V for 4 cells). */
export function voltageV(p: BatteryParams, soc: number): number {
  return p.cells * (p.vEmpty + (p.vCharged - p.vEmpty) * Math.min(1, Math.max(0, soc)));
}

export interface BatteryInputs {
  armed: boolean;
  flying: boolean;
  airspeedMps: number;
  climbMps: number;
  dt: number;
}

/** Advance the battery by `dt`. */
export function stepBattery(s: BatteryState, model: BatteryModel, p: BatteryParams, i: BatteryInputs): BatteryState {
  let soc = s.soc;
  let usedWh = s.usedWh;
  let pw = 0;
  if (model.kind === 'px4-sim') {
    if (i.armed) {
      const floor = Math.max(0, p.minPct / 100);
      if (soc > floor) soc = Math.max(floor, soc - i.dt / Math.max(1, p.drainS));
    } else {
      soc = 1; // PX4 SITL resets the simulated battery while disarmed
    }
  } else {
    pw = powerW(model, i.airspeedMps, i.climbMps, i.flying);
    usedWh += (pw * i.dt) / 3600;
    soc = Math.max(0, soc - (pw * i.dt) / 3600 / model.capacityWh);
  }
  // PX4's battery estimate is low-pass filtered (visible after the reset at disarm).
  const a = Math.min(1, i.dt / 1.0);
  const reportedSoc = soc < s.reportedSoc ? soc : s.reportedSoc + (soc - s.reportedSoc) * a;
  return { soc, reportedSoc, usedWh, powerW: pw };
}
