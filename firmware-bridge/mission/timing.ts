/**
 * Mission-protocol timing. These are the production values; tests over real sockets may pass a
 * scaled copy (scaleTiming) through the client's options, never by editing these constants.
 *
 * Reference figures (../shared/domain/mavlink.md):
 *   spec:  1500 ms default, 250 ms for items, max 5 retries
 *   QGC:   _ackTimeoutMilliseconds 1500, _retryTimeoutMilliseconds 250, _maxRetryCount 5
 *   MAVSDK: one 0.5 s timeout, retries 5
 *   PX4 1.16: re-requests an item every 250 ms, drops the transfer after 5 s of silence
 */

/**
 * Waiting for the vehicle to speak first (upload: a request or the final ACK; download: COUNT;
 * clear: ACK). 1500 ms, as QGC and the spec: during an upload PX4 re-requests every 250 ms, so
 * 1.5 s of silence means about six of its requests were lost, not one. MAVSDK's 0.5 s would
 * resend while PX4's own retry is still on its way.
 */
export const MISSION_ACK_TIMEOUT_MS = 1_500;
/**
 * Waiting for one item during a download, which we drive. 250 ms, as QGC and the spec: PX4
 * answers each request within 1 ms (traces), so 250 ms is ample on a radio and keeps a lossy
 * 50-item download short.
 */
export const MISSION_ITEM_TIMEOUT_MS = 250;
/**
 * Silent timeouts in a row before giving up (QGC, MAVSDK and the spec all use 5). Progress resets
 * the count, so 6 × 1.5 s = 9 s of no progress fail an upload; that outlasts PX4's own 5 s
 * transfer timeout, so a vehicle that was merely busy is free again before we give up.
 */
export const MISSION_MAX_RETRIES = 5;
/**
 * MISSION_COUNTs refused with MAV_MISSION_ERROR before the vehicle requested anything. PX4 says so
 * while another transfer holds it, at most 5 s after that transfer's last message (its protocol
 * timeout); 6 refusals 1.5 s apart (9 s) outlast that with room for lost answers.
 */
export const MISSION_BUSY_MAX_RETRIES = 6;
/**
 * Re-requests of one download item before giving up: 10, not 5. An item costs one request and one
 * answer, so under loss p each attempt fails with 1-(1-p)²: at 20 % that is 36 %, and with QGC's 5
 * retries 36 %^6 ≈ 0.2 % per item lost 10 of 100 50-item downloads in our lossy test. 10 retries
 * (2.75 s without progress) give 36 %^11 ≈ 1e-5 per item. A dead link still fails within 3 s.
 */
export const MISSION_ITEM_MAX_RETRIES = 10;
/** COMMAND_ACK for DO_SET_MISSION_CURRENT: PX4 answers within 17 ms (traces); 1 s covers radios. */
export const COMMAND_ACK_TIMEOUT_MS = 1_000;
/** Command sends before falling back to MISSION_SET_CURRENT (MAVSDK sends a command up to 4×). */
export const COMMAND_MAX_RETRIES = 2;
/**
 * Confirming a new current item through MISSION_CURRENT. PX4 1.16 does not send it on change after
 * MISSION_SET_CURRENT, only with its ~1.03 s stream (trace: 0.86 s later), so a window of 2.5 s
 * sees two of them and one lost broadcast does not cost a resend.
 */
export const CURRENT_CONFIRM_TIMEOUT_MS = 2_500;
/** Confirmation windows before MISSION_SET_CURRENT_TIMEOUT (4 windows = 10 s). */
export const CURRENT_CONFIRM_MAX_RETRIES = 3;

export interface MissionTiming {
  ackTimeoutMs: number;
  itemTimeoutMs: number;
  maxRetries: number;
  itemMaxRetries: number;
  busyMaxRetries: number;
  commandAckTimeoutMs: number;
  commandMaxRetries: number;
  currentConfirmTimeoutMs: number;
  currentConfirmMaxRetries: number;
}

export const DEFAULT_MISSION_TIMING: Readonly<MissionTiming> = Object.freeze({
  ackTimeoutMs: MISSION_ACK_TIMEOUT_MS,
  itemTimeoutMs: MISSION_ITEM_TIMEOUT_MS,
  maxRetries: MISSION_MAX_RETRIES,
  itemMaxRetries: MISSION_ITEM_MAX_RETRIES,
  busyMaxRetries: MISSION_BUSY_MAX_RETRIES,
  commandAckTimeoutMs: COMMAND_ACK_TIMEOUT_MS,
  commandMaxRetries: COMMAND_MAX_RETRIES,
  currentConfirmTimeoutMs: CURRENT_CONFIRM_TIMEOUT_MS,
  currentConfirmMaxRetries: CURRENT_CONFIRM_MAX_RETRIES,
});

/**
 * Every duration multiplied by `factor`, retry counts unchanged: for tests that run hundreds of
 * transfers over real sockets against a simulated vehicle whose timers are scaled the same way.
 * @example scaleTiming(0.1).ackTimeoutMs // 150
 */
export function scaleTiming(factor: number, base: MissionTiming = DEFAULT_MISSION_TIMING): MissionTiming {
  return {
    ...base,
    ackTimeoutMs: base.ackTimeoutMs * factor,
    itemTimeoutMs: base.itemTimeoutMs * factor,
    commandAckTimeoutMs: base.commandAckTimeoutMs * factor,
    currentConfirmTimeoutMs: base.currentConfirmTimeoutMs * factor,
  };
}
