/**
 * The autopilot's own words for what it is doing: PX4's failsafe EVENTs (decoded from a small table
 * of ids taken from PX4 v1.16's all_events.json) and its STATUSTEXTs of severity CRITICAL or worse.
 * Pure: ids and arguments in, sentences out.
 *
 * Why EVENTs: PX4 says the *cause* of a failsafe only there. The take-off failsafe of the 5× H2 run
 * sent STATUSTEXT "Failsafe activated: entering Hold for 5 seconds" and nothing else; its EVENT
 * `commander_failsafe_enter_hold` carried cause 2 = gcs_connection_loss.
 */
import type { StatusTextEntry } from '../../firmware-bridge/vehicle/statustext.js';

/** PX4 events of component 1 (autopilot): id = (1 << 24) | hash from all_events.json. */
const EV = (hash: number): number => 16_777_216 + hash;
export const PX4_EVENT = {
  failsafeEnterHold: EV(13_704_694), // "{4}: switching to {2} in {3} seconds" (u32 mode, u8 action, u16 delay, u8 cause)
  failsafeEnter: EV(9_751_178), // "{3}: switching to {2}" (u32 mode, u8 action, u8 cause)
  failsafeEnterGeneric: EV(14_605_264), // "Failsafe activated: switching to {2}" (u32 mode, u8 action)
  failsafeEnterGenericHold: EV(4_502_496), // "Failsafe activated: switching to {2} in {3} seconds" (u32, u8, u16)
} as const;

/** px4::enums::failsafe_action_t */
const ACTIONS = ['none', 'warning', 'Position mode', 'Altitude mode', 'Stabilized mode', 'Hold', 'RTL', 'Land', 'Descend', 'disarm', 'terminate'] as const;
/** px4::enums::failsafe_cause_t ('generic' carries no text of its own: PX4 said why in a STATUSTEXT). */
const CAUSES = ['', 'Manual control loss', 'GCS connection loss', 'Low battery level', 'Critical battery level', 'Emergency battery level', 'Remaining flight time low'] as const;

export interface FailsafeEvent {
  action: string;
  /** Empty for PX4's cause `generic`. */
  cause: string;
  delayS?: number;
}

/**
 * Decode one of PX4's failsafe EVENTs; undefined for any other id.
 * @example decodePx4FailsafeEvent(PX4_EVENT.failsafeEnterHold, [0, 0, 4, 4, 6, 5, 0, 2]) // { action: 'RTL', cause: 'GCS connection loss', delayS: 5 }
 */
export function decodePx4FailsafeEvent(id: number, args: readonly number[]): FailsafeEvent | undefined {
  const action = ACTIONS[args[4] ?? 0] ?? `action ${args[4]}`;
  const u16 = (i: number): number => (args[i] ?? 0) | ((args[i + 1] ?? 0) << 8);
  const cause = (i: number): string => CAUSES[args[i] ?? 0] ?? `cause ${args[i]}`;
  switch (id >>> 0) {
    case PX4_EVENT.failsafeEnterHold:
      return { action, cause: cause(7), delayS: u16(5) };
    case PX4_EVENT.failsafeEnter:
      return { action, cause: cause(5) };
    case PX4_EVENT.failsafeEnterGeneric:
      return { action, cause: '' };
    case PX4_EVENT.failsafeEnterGenericHold:
      return { action, cause: '', delayS: u16(5) };
    default:
      return undefined;
  }
}

/** "GCS connection loss: RTL in 5 s" */
export function failsafeEventText(e: FailsafeEvent): string {
  const what = `${e.action}${e.delayS ? ` in ${e.delayS} s` : ''}`;
  return e.cause ? `${e.cause}: ${what}` : what;
}

/** STATUSTEXT severity CRITICAL (2) or worse: what PX4 flags as a failsafe-grade message. */
export const REASON_MAX_SEVERITY = 2;
/** PX4's own announcement of the reaction (it says what, not why). */
const REACTION_ONLY = /^Failsafe activated/i;

/**
 * The autopilot's reason for a failsafe since `sinceMs`: its CRITICAL-or-worse texts that say why
 * (newest first, the generic "Failsafe activated…" only when nothing else was said), and the
 * decoded EVENT when there is one.
 * @example autopilotReason(texts, t0, { action: 'RTL', cause: '', delayS: 5 }) // "Geofence: approaching or outside geofence (PX4: RTL in 5 s)"
 */
export function autopilotReason(texts: readonly StatusTextEntry[], sinceMs: number, event?: FailsafeEvent): string | undefined {
  const recent = texts.filter((t) => t.severity <= REASON_MAX_SEVERITY && t.atMs >= sinceMs).map((t) => t.text.replace(/\s+$/, ''));
  const why = recent.filter((t) => !REACTION_ONLY.test(t));
  const words = [...new Set(why.length ? why.slice(-2) : recent.slice(-1))];
  if (event?.cause) words.unshift(event.cause);
  const reaction = event ? ` (PX4: ${failsafeEventText({ ...event, cause: '' })})` : '';
  if (!words.length) return event ? `PX4 failsafe${reaction}` : undefined;
  return `${words.join('; ')}${reaction}`;
}
