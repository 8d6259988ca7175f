/**
 * A tiny scriptable vehicle peer over real UDP on 127.0.0.1: a MavlinkLink with a vehicle identity
 * (PX4: sysid 1 / compid 1) that answers COMMAND_LONG / COMMAND_INT per a script, and sends
 * HEARTBEATs when told to (so tests control silence exactly). Callers close what they open.
 */
import { common, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import { MavlinkLink, type InboundMessage } from '../../../firmware-bridge/link/link.js';
import { UdpOutTransport } from '../../../firmware-bridge/transport/udp.js';
import { heartbeat as px4Heartbeat } from './telemetry.js';

export interface ReceivedCommand {
  kind: 'long' | 'int';
  command: number;
  /** COMMAND_LONG only. */
  confirmation: number | undefined;
  /** param1..param7 (COMMAND_INT: x and y as param5/6). */
  params: number[];
  frame: number | undefined;
  /** 1 for the first time this command id arrived, 2 for the next, … */
  attempt: number;
  from: { sysid: number; compid: number };
}

export interface PeerReply {
  result: number;
  progress?: number;
  resultParam2?: number;
  /** Send this reply after a delay (real ms). */
  delayMs?: number;
}

/** What the peer answers to one command: nothing, one ACK, or several (IN_PROGRESS…final). */
export type CommandScript = (cmd: ReceivedCommand) => PeerReply | PeerReply[] | 'silent';

const IN_PROGRESS = common.MavResult.IN_PROGRESS;

/** The named behaviours tests pick from. */
export const scripts = {
  accept: (): CommandScript => () => ({ result: 0 }),
  result: (result: number): CommandScript => () => ({ result }),
  silent: (): CommandScript => () => 'silent',
  /** Lose the first `n` sends of every command (as a lossy link would), then accept. */
  dropFirst: (n: number): CommandScript => (c) => (c.attempt <= n ? 'silent' : { result: 0 }),
  /** IN_PROGRESS with these percentages, then the final result. */
  progressThen: (steps: number[], final: number): CommandScript => () => [
    ...steps.map((p) => ({ result: IN_PROGRESS, progress: p })),
    { result: final },
  ],
  /** IN_PROGRESS, then the final ACK is lost; the re-sent command is answered `final` (PX4: already done). */
  loseFinalAck: (final = 0): CommandScript => (c) => (c.attempt === 1 ? { result: IN_PROGRESS, progress: 255 } : { result: final }),
} as const;

export interface PeerOptions {
  sysid?: number;
  compid?: number;
  script?: CommandScript;
  customMode?: number;
  baseMode?: number;
}

export class VehiclePeer {
  readonly received: ReceivedCommand[] = [];
  script: CommandScript;
  customMode: number;
  baseMode: number;
  private readonly attempts = new Map<number, number>();
  private beat: NodeJS.Timeout | undefined;

  private constructor(
    readonly link: MavlinkLink,
    readonly sysid: number,
    readonly compid: number,
    options: PeerOptions,
  ) {
    this.script = options.script ?? scripts.accept();
    this.customMode = options.customMode ?? 0x03040000;
    this.baseMode = options.baseMode ?? 0x1d;
    link.onMessage((m) => this.handle(m));
  }

  /** A vehicle sending to the GCS listening on `gcsPort` (udpin). */
  static async open(gcsPort: number, options: PeerOptions = {}): Promise<VehiclePeer> {
    const sysid = options.sysid ?? 1;
    const compid = options.compid ?? 1;
    const transport = await UdpOutTransport.open('127.0.0.1', gcsPort);
    const link = new MavlinkLink(transport, { identity: { sysid, compid }, heartbeat: false });
    return new VehiclePeer(link, sysid, compid, options);
  }

  send(msg: MavLinkData): Promise<void> {
    return this.link.send(msg);
  }

  /** One PX4-like HEARTBEAT now. */
  heartbeat(): Promise<void> {
    return this.send(px4Heartbeat(this.customMode, this.baseMode));
  }

  /** HEARTBEAT every `intervalMs` (real time) until stopHeartbeats(). */
  startHeartbeats(intervalMs = 1000): void {
    this.stopHeartbeats();
    void this.heartbeat().catch(() => undefined);
    this.beat = setInterval(() => void this.heartbeat().catch(() => undefined), intervalMs);
  }

  stopHeartbeats(): void {
    if (this.beat) clearInterval(this.beat);
    this.beat = undefined;
  }

  commandsOf(command: number): ReceivedCommand[] {
    return this.received.filter((c) => c.command === command);
  }

  async close(): Promise<void> {
    this.stopHeartbeats();
    await this.link.close();
  }

  private handle(m: InboundMessage): void {
    const d = m.data;
    let cmd: Omit<ReceivedCommand, 'attempt'> | undefined;
    if (d instanceof common.CommandLong) {
      if (!this.addressedToMe(d.targetSystem, d.targetComponent)) return;
      cmd = {
        kind: 'long',
        command: Number(d.command),
        confirmation: d.confirmation,
        params: [d._param1, d._param2, d._param3, d._param4, d._param5, d._param6, d._param7],
        frame: undefined,
        from: { sysid: m.frame.sysid, compid: m.frame.compid },
      };
    } else if (d instanceof common.CommandInt) {
      if (!this.addressedToMe(d.targetSystem, d.targetComponent)) return;
      cmd = {
        kind: 'int',
        command: Number(d.command),
        confirmation: undefined,
        params: [d._param1, d._param2, d._param3, d._param4, d._param5, d._param6, d._param7],
        frame: Number(d.frame),
        from: { sysid: m.frame.sysid, compid: m.frame.compid },
      };
    }
    if (!cmd) return;
    const attempt = (this.attempts.get(cmd.command) ?? 0) + 1;
    this.attempts.set(cmd.command, attempt);
    const full: ReceivedCommand = { ...cmd, attempt };
    this.received.push(full);
    const answer = this.script(full);
    if (answer === 'silent') return;
    for (const reply of Array.isArray(answer) ? answer : [answer]) this.reply(full, reply);
  }

  private addressedToMe(system: number, component: number): boolean {
    return system === this.sysid && (component === this.compid || component === 0);
  }

  private reply(cmd: ReceivedCommand, r: PeerReply): void {
    const ack = new common.CommandAck();
    ack.command = cmd.command as common.MavCmd;
    ack.result = r.result as common.MavResult;
    ack.progress = r.progress ?? 0;
    ack.resultParam2 = r.resultParam2 ?? 0;
    ack.targetSystem = cmd.from.sysid;
    ack.targetComponent = cmd.from.compid;
    const go = () => void this.send(ack).catch(() => undefined);
    if (r.delayMs) setTimeout(go, r.delayMs);
    else go();
  }
}
