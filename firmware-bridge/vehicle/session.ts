/**
 * VehicleSession: one vehicle (one sysid) on one link. It holds the latest VehicleState snapshot
 * and the protocol clients addressed to the vehicle's autopilot: commands and missions. It does not
 * decide anything; the VehicleRegistry feeds it messages and connection changes.
 */
import type { Clock } from '../clock.js';
import { CommandClient } from '../command/client.js';
import type { CommandTiming } from '../command/command-long.js';
import { channelTo, type MessageChannel } from '../link/channel.js';
import type { MavlinkLink } from '../link/link.js';
import { MissionClient } from '../mission/client.js';
import type { MissionTiming } from '../mission/timing.js';
import { initialVehicleState, markConnected, reduceVehicleState, type VehicleMessage, type VehicleState } from './state.js';

export interface VehicleSessionOptions {
  clock: Clock;
  commandTiming?: Partial<CommandTiming>;
  missionTiming?: Partial<MissionTiming>;
}

export class VehicleSession {
  /** Talks to the vehicle's autopilot component (PX4: sysid/1). */
  readonly channel: MessageChannel;
  readonly commands: CommandClient;
  /** Mission, fence and rally transfer (one transaction at a time per vehicle). */
  readonly missions: MissionClient;
  private current: VehicleState;

  constructor(
    readonly link: MavlinkLink,
    readonly sysid: number,
    readonly compid: number,
    options: VehicleSessionOptions,
  ) {
    this.channel = channelTo(link, { system: sysid, component: compid });
    this.commands = new CommandClient(this.channel, { clock: options.clock, ...(options.commandTiming ? { timing: options.commandTiming } : {}) });
    this.missions = new MissionClient(this.channel, { clock: options.clock, ...(options.missionTiming ? { timing: options.missionTiming } : {}) });
    this.current = initialVehicleState(sysid, compid);
  }

  /** The latest immutable snapshot. */
  get state(): VehicleState {
    return this.current;
  }

  get connected(): boolean {
    return this.current.connected;
  }

  /** Fold a message in; returns the previous state when it changed, undefined otherwise. @internal registry use */
  apply(message: VehicleMessage, nowMs: number): VehicleState | undefined {
    const before = this.current;
    this.current = reduceVehicleState(before, message, nowMs);
    return this.current === before ? undefined : before;
  }

  /** @internal registry use */
  setConnected(connected: boolean): VehicleState | undefined {
    const before = this.current;
    this.current = markConnected(before, connected);
    return this.current === before ? undefined : before;
  }

  /** Abort pending commands; the session stays readable. @internal registry use */
  close(reason: string): void {
    this.commands.close(reason);
  }
}
