/**
 * Named faults, switchable at start (scenario timeline) or at runtime (function API, HTTP control).
 * Link faults act on the vehicle's GCS link(s); vehicle faults on the simulated PX4; mission faults
 * are handed to the mission server's fault menu (sim/protocol/mission-faults.ts).
 */
import { z } from 'zod';
import { MISSION_FAULTS } from '../protocol/mission-faults.js';

export const FaultSchema = z.discriminatedUnion('fault', [
  /** Drop every packet in both directions for `seconds` (PX4 sees no GCS heartbeat → NAV_DLL_ACT). */
  z.object({ fault: z.literal('linkLoss'), seconds: z.number().positive() }),
  /** Drop this percentage of packets in each direction (seeded). 0 clears. */
  z.object({ fault: z.literal('packetLoss'), pct: z.number().min(0).max(100) }),
  /** Delay every packet in each direction by `ms` of simulated time. 0 clears. */
  z.object({ fault: z.literal('latency'), ms: z.number().min(0).max(60_000) }),
  /** No GPS fix for `seconds` (default: until cleared); in the air PX4 lands ("Failsafe activated"). */
  z.object({ fault: z.literal('gpsLoss'), seconds: z.number().positive().optional() }),
  /** Battery state of charge drops to `pct` at once (and the SITL drain floor with it). */
  z.object({ fault: z.literal('batteryDrop'), pct: z.number().min(0).max(100) }),
  /** A gust of `speedMps` from `fromDeg` for `seconds`. */
  z.object({ fault: z.literal('windGust'), speedMps: z.number().min(0).max(40), fromDeg: z.number().default(270), seconds: z.number().positive().default(5) }),
  /** Execute but never ACK these commands (all when omitted). */
  z.object({ fault: z.literal('neverAck'), commands: z.array(z.number().int()).optional() }),
  /** Mission-transfer misbehaviour from the 19-case matrix (gcs-interop.md), first try only or every try. */
  z.object({
    fault: z.literal('mission'),
    mode: z.enum([...MISSION_FAULTS, 'none']),
    firstTryOnly: z.boolean().default(false),
    lossPct: z.number().min(0).max(100).optional(),
    seed: z.number().int().optional(),
  }),
  /** Clear every link and vehicle fault (mission faults too). */
  z.object({ fault: z.literal('clear') }),
]);

export type FaultSpec = z.input<typeof FaultSchema>;
export type Fault = z.output<typeof FaultSchema>;
export const FAULT_NAMES = FaultSchema.options.map((o) => o.shape.fault.value);

/** The link-level fault state of one vehicle (sim time in seconds). */
export interface LinkFaultState {
  downUntilS: number;
  lossPct: number;
  latencyMs: number;
  neverAck: Set<number> | 'all' | undefined;
}

export function noLinkFaults(): LinkFaultState {
  return { downUntilS: -1, lossPct: 0, latencyMs: 0, neverAck: undefined };
}

export type PacketVerdict = 'drop' | 'deliver' | 'delay';

/**
 * What happens to one packet: pure, given the fault state, the time and a uniform random number.
 * @example packetVerdict(noLinkFaults(), 10, 0.5) // 'deliver'
 */
export function packetVerdict(f: LinkFaultState, nowS: number, u: number): PacketVerdict {
  if (nowS < f.downUntilS) return 'drop';
  if (f.lossPct > 0 && u * 100 < f.lossPct) return 'drop';
  return f.latencyMs > 0 ? 'delay' : 'deliver';
}

/** Should the COMMAND_ACK for `command` be suppressed? */
export function suppressAck(f: LinkFaultState, command: number): boolean {
  return f.neverAck === 'all' || (f.neverAck !== undefined && f.neverAck.has(command));
}
