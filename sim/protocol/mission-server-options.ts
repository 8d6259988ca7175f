/** The MissionServer's port, timing and options (PX4 1.16 defaults), kept apart from its logic. */
import type { MavLinkData } from '../../firmware-bridge/codec/dialect.js';
import type { Identity } from '../../firmware-bridge/codec/encode.js';
import type { Clock } from '../../firmware-bridge/clock.js';
import type { InboundMessage } from '../../firmware-bridge/link/link.js';
import type { MissionItem, MissionType } from '../../firmware-bridge/mission/index.js';
import type { MissionFaults } from './mission-faults.js';

/** What the server needs from a link. MavlinkLink satisfies it. */
export interface MissionServerPort {
  send(message: MavLinkData, targetSysid?: number): Promise<void>;
  onMessage(handler: (m: InboundMessage) => void): () => void;
}

export interface MissionServerTiming {
  /** PX4 MAVLINK_MISSION_RETRY_TIMEOUT_DEFAULT: re-request an upload item. */
  retryMs: number;
  /** PX4 MAVLINK_MISSION_PROTOCOL_TIMEOUT_DEFAULT: give up after this much silence. */
  timeoutMs: number;
  /** MISSION_CURRENT stream period (PX4 ≈ 1.03 s); 0 = do not stream. */
  currentIntervalMs: number;
}

export const PX4_MISSION_TIMING: Readonly<MissionServerTiming> = Object.freeze({ retryMs: 250, timeoutMs: 5_000, currentIntervalMs: 1_000 });
/** PX4 SITL storage limits (dataman): missions up to UINT16_MAX-1, 64 fence points, 8 rally points. */
export const PX4_MAX_ITEMS: Readonly<Record<MissionType, number>> = Object.freeze({ mission: 0xfffe, fence: 64, rally: 8 });

export interface MissionServerOptions {
  clock?: Clock;
  /** Our vehicle identity; messages addressed elsewhere are ignored. Default 1/1. */
  identity?: Identity;
  faults?: MissionFaults;
  timing?: Partial<MissionServerTiming>;
  /**
   * Clock ms per GCS-facing ms for the transfer retry and timeout (default 1). A fleet running N×
   * faster than real time passes N, so PX4's 250 ms / 5 s count in the GCS's (wall-clock) time: a
   * real-time ground station must not see "Operation timeout" after 167 ms at 30×.
   */
  timeScale?: () => number;
  maxItems?: Partial<Record<MissionType, number>>;
  /** Send PX4's STATUSTEXTs ("Operation timeout", "WPM: REJ. CMD: Busy", …). Default true. */
  statusText?: boolean;
  /** Answer COMMAND_LONG DO_SET_MISSION_CURRENT with UNSUPPORTED, as PX4 1.16. Set false when the
   *  embedding vehicle's command handler answers commands itself. Default true. */
  answerSetCurrentCommand?: boolean;
  /** Called after a plan was stored or cleared, and after the current item changed. */
  onChange?: (type: MissionType, items: readonly MissionItem[], opaqueId: number) => void;
}
