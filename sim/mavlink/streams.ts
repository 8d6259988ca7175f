/**
 * The GCS-link message streams and their rates as measured in ../shared/px4 (boot-idle,
 * delivery-flight, commands), with SET_MESSAGE_INTERVAL overrides per link. Pure scheduling:
 * `due(nowMs)` says which message ids to send now.
 */
import { common, minimal } from '../../firmware-bridge/codec/dialect.js';
import { CurrentEventSequence, LinkNodeStatus, TimeEstimateToTarget } from '../../firmware-bridge/codec/px4-extras.js';

export interface StreamSpec {
  msgid: number;
  /** interval PX4 SITL runs on this link (startup script included), µs */
  intervalUs: number;
  /** the link's built-in default, what SET_MESSAGE_INTERVAL 0 restores (GLOBAL_POSITION_INT: 5 Hz, not 50) */
  defaultUs: number;
  /** first send, seconds since launch (boot-idle "first" column) */
  firstS: number;
  /** only while airborne (POSITION_TARGET_GLOBAL_INT) */
  flyingOnly?: boolean;
  /** one of the seven 50 Hz streams (scaled by the `highRateHz` option) */
  highRate?: boolean;
}

const HIGH_US = 20_470; // 48.85 Hz measured
const s = (msgid: number, intervalUs: number, firstS: number, extra: Partial<StreamSpec> = {}): StreamSpec => ({
  msgid,
  intervalUs,
  defaultUs: intervalUs,
  firstS,
  ...extra,
});

export const PX4_STREAMS: readonly StreamSpec[] = [
  s(common.Attitude.MSG_ID, HIGH_US, 2.073, { highRate: true }),
  s(common.AttitudeQuaternion.MSG_ID, HIGH_US, 2.074, { highRate: true }),
  s(common.AttitudeTarget.MSG_ID, HIGH_US, 1.062, { highRate: true }),
  s(common.LocalPositionNed.MSG_ID, HIGH_US, 1.005, { highRate: true }),
  s(common.PositionTargetLocalNed.MSG_ID, HIGH_US, 1.001, { highRate: true }),
  s(common.ServoOutputRaw.MSG_ID, HIGH_US, 1.075, { highRate: true }),
  s(common.GlobalPositionInt.MSG_ID, HIGH_US, 3.207, { highRate: true, defaultUs: 200_000 }),
  s(common.GpsRawInt.MSG_ID, 206_000, 1.186), // 4.85 Hz
  s(common.VfrHud.MSG_ID, 256_000, 1.238), // 3.9 Hz
  s(minimal.Heartbeat.MSG_ID, 1_000_000, 2.004),
  s(common.SysStatus.MSG_ID, 1_000_000, 2.004),
  s(common.ExtendedSysState.MSG_ID, 1_000_000, 2.004),
  s(common.Altitude.MSG_ID, 1_000_000, 2.004),
  s(common.ScaledPressure.MSG_ID, 1_000_000, 2.004),
  s(LinkNodeStatus.MSG_ID, 1_000_000, 2.005),
  s(common.OpenDroneIdLocation.MSG_ID, 1_000_000, 2.004),
  s(common.OpenDroneIdSystem.MSG_ID, 1_000_000, 2.004),
  s(common.MissionCurrent.MSG_ID, 1_030_000, 1.687),
  s(common.PositionTargetGlobalInt.MSG_ID, 1_020_000, 2.004, { flyingOnly: true }),
  s(common.BatteryStatus.MSG_ID, 2_000_000, 3.028),
  s(common.CurrentMode.MSG_ID, 2_000_000, 3.028),
  s(common.EstimatorStatus.MSG_ID, 2_000_000, 3.028),
  s(common.DistanceSensor.MSG_ID, 2_000_000, 3.028),
  s(common.HomePosition.MSG_ID, 2_000_000, 3.028),
  s(TimeEstimateToTarget.MSG_ID, 2_000_000, 2.71),
  s(CurrentEventSequence.MSG_ID, 3_070_000, 2.791),
  s(common.Ping.MSG_ID, 10_000_000, 11.215),
  s(common.Vibration.MSG_ID, 10_000_000, 11.215),
];

/**
 * The span over which the vehicles of one simulator spread their stream phases (the interval of a
 * 10 Hz position stream). Real PX4s boot at unrelated times; simulated ones share one clock and
 * started in the same step, so without a phase every vehicle's position fell due in the same step
 * and a simulator with 60 vehicles sent 60 positions in one burst, then nothing for 100 ms.
 */
export const STREAM_PHASE_SPAN_MS = 100;

/** Vehicle index i's phase: i × the golden ratio, modulo the span — evenly spread for any count; vehicle 0 keeps PX4's own timing. */
export const streamPhaseMs = (index: number): number => ((index * 0.6180339887498949) % 1) * STREAM_PHASE_SPAN_MS;

interface Slot {
  spec: StreamSpec;
  /** current interval µs; -1 = disabled */
  intervalUs: number;
  nextMs: number;
}

/** One link's stream schedule. Times are simulated ms since launch. */
export class StreamSchedule {
  private readonly slots = new Map<number, Slot>();

  /**
   * @param highRateHz rate of the seven 50 Hz streams (PX4: ≈48.85); 0 turns them off except GLOBAL_POSITION_INT at its 5 Hz default
   * @param phaseMs every stream starts this much later (a vehicle that booted later): see STREAM_PHASE_SPAN_MS
   */
  constructor(highRateHz = 48.85, phaseMs = 0) {
    for (const spec of [...PX4_STREAMS].sort((a, b) => a.firstS - b.firstS)) {
      let intervalUs = spec.intervalUs;
      if (spec.highRate) {
        if (highRateHz > 0) intervalUs = Math.round(1e6 / highRateHz);
        else intervalUs = spec.msgid === common.GlobalPositionInt.MSG_ID ? spec.defaultUs : -1;
      }
      this.slots.set(spec.msgid, { spec, intervalUs, nextMs: spec.firstS * 1000 + phaseMs });
    }
  }

  /** Message ids due at `nowMs` (each at most once per call). */
  due(nowMs: number, flying: boolean): number[] {
    const out: number[] = [];
    for (const slot of this.slots.values()) {
      if (slot.intervalUs <= 0 || nowMs < slot.nextMs) continue;
      const iv = slot.intervalUs / 1000;
      slot.nextMs += iv;
      if (slot.nextMs <= nowMs) slot.nextMs = nowMs + iv; // fell behind (coarse steps): resync, never burst
      if (slot.spec.flyingOnly && !flying) continue;
      out.push(slot.spec.msgid);
    }
    return out;
  }

  /**
   * MAV_CMD_SET_MESSAGE_INTERVAL: −1 disables, 0 restores the link default, >0 sets µs. Returns
   * false for ids we do not stream (PX4 still ACKs those it knows; the caller decides).
   */
  setInterval(msgid: number, intervalUs: number, nowMs: number): boolean {
    const slot = this.slots.get(msgid);
    if (!slot) return false;
    slot.intervalUs = intervalUs < 0 ? -1 : intervalUs === 0 ? slot.spec.defaultUs : intervalUs;
    if (slot.intervalUs > 0) slot.nextMs = Math.max(nowMs, slot.spec.firstS * 1000);
    return true;
  }

  /** Current interval for GET_MESSAGE_INTERVAL (µs; −1 disabled; 0 = not streamed). */
  interval(msgid: number): number {
    return this.slots.get(msgid)?.intervalUs ?? 0;
  }

  /** Add a stream PX4 knows but does not send by default (VIBRATION is in the table already). */
  has(msgid: number): boolean {
    return this.slots.has(msgid);
  }
}
