/**
 * The GCS-link message streams and their rates as measured in ../shared/px4 (boot-idle,
 * delivery-flight, commands), with SET_MESSAGE_INTERVAL overrides per link. Pure scheduling:
 * `due(nowMs)` says which message ids to send now.
 */
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
  s(30, HIGH_US, 2.073, { highRate: true }), // ATTITUDE
  s(31, HIGH_US, 2.074, { highRate: true }), // ATTITUDE_QUATERNION
  s(83, HIGH_US, 1.062, { highRate: true }), // ATTITUDE_TARGET
  s(32, HIGH_US, 1.005, { highRate: true }), // LOCAL_POSITION_NED
  s(85, HIGH_US, 1.001, { highRate: true }), // POSITION_TARGET_LOCAL_NED
  s(36, HIGH_US, 1.075, { highRate: true }), // SERVO_OUTPUT_RAW
  s(33, HIGH_US, 3.207, { highRate: true, defaultUs: 200_000 }), // GLOBAL_POSITION_INT
  s(24, 206_000, 1.186), // GPS_RAW_INT 4.85 Hz
  s(74, 256_000, 1.238), // VFR_HUD 3.9 Hz
  s(0, 1_000_000, 2.004), // HEARTBEAT
  s(1, 1_000_000, 2.004), // SYS_STATUS
  s(245, 1_000_000, 2.004), // EXTENDED_SYS_STATE
  s(141, 1_000_000, 2.004), // ALTITUDE
  s(29, 1_000_000, 2.004), // SCALED_PRESSURE
  s(8, 1_000_000, 2.005), // LINK_NODE_STATUS
  s(12901, 1_000_000, 2.004), // OPEN_DRONE_ID_LOCATION
  s(12904, 1_000_000, 2.004), // OPEN_DRONE_ID_SYSTEM
  s(42, 1_030_000, 1.687), // MISSION_CURRENT
  s(87, 1_020_000, 2.004, { flyingOnly: true }), // POSITION_TARGET_GLOBAL_INT
  s(147, 2_000_000, 3.028), // BATTERY_STATUS
  s(436, 2_000_000, 3.028), // CURRENT_MODE
  s(230, 2_000_000, 3.028), // ESTIMATOR_STATUS
  s(132, 2_000_000, 3.028), // DISTANCE_SENSOR
  s(242, 2_000_000, 3.028), // HOME_POSITION
  s(380, 2_000_000, 2.71), // TIME_ESTIMATE_TO_TARGET
  s(411, 3_070_000, 2.791), // CURRENT_EVENT_SEQUENCE
  s(4, 10_000_000, 11.215), // PING
  s(241, 10_000_000, 11.215), // VIBRATION
];

interface Slot {
  spec: StreamSpec;
  /** current interval µs; -1 = disabled */
  intervalUs: number;
  nextMs: number;
}

/** One link's stream schedule. Times are simulated ms since launch. */
export class StreamSchedule {
  private readonly slots = new Map<number, Slot>();

  /** @param highRateHz rate of the seven 50 Hz streams (PX4: ≈48.85); 0 turns them off except GLOBAL_POSITION_INT at its 5 Hz default */
  constructor(highRateHz = 48.85) {
    for (const spec of [...PX4_STREAMS].sort((a, b) => a.firstS - b.firstS)) {
      let intervalUs = spec.intervalUs;
      if (spec.highRate) {
        if (highRateHz > 0) intervalUs = Math.round(1e6 / highRateHz);
        else intervalUs = spec.msgid === 33 ? spec.defaultUs : -1;
      }
      this.slots.set(spec.msgid, { spec, intervalUs, nextMs: spec.firstS * 1000 });
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
