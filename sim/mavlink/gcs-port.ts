/**
 * One GCS link of a simulated vehicle: a MavlinkLink (PX4 identity, no automatic heartbeat), its
 * own stream schedule (SET_MESSAGE_INTERVAL is per link in PX4), its parameter-list cursor, and the
 * link faults (down, loss, latency) applied in both directions.
 */
import type { Clock } from '../../firmware-bridge/clock.js';
import type { MavLinkData } from '../../firmware-bridge/codec/dialect.js';
import { common } from '../../firmware-bridge/codec/dialect.js';
import type { InboundMessage, MavlinkLink } from '../../firmware-bridge/link/link.js';
import type { Rng } from '../physics/rng.js';
import { packetVerdict, type LinkFaultState } from '../runtime/faults.js';
import type { ParamLinkState } from './param-server.js';
import { StreamSchedule } from './streams.js';

export class GcsPort {
  readonly streams: StreamSchedule;
  readonly params: ParamLinkState = { listCursor: undefined, listStartMs: 0 };
  private readonly handlers = new Set<(m: InboundMessage) => void>();
  sent = 0;
  received = 0;

  constructor(
    readonly link: MavlinkLink,
    private readonly clock: Clock,
    private readonly faults: () => LinkFaultState,
    private readonly rng: Rng,
    private readonly nowS: () => number,
    highRateHz: number,
    streamPhaseMs = 0,
  ) {
    this.streams = new StreamSchedule(highRateHz, streamPhaseMs);
    link.onMessage((m) => this.inbound(m));
  }

  /** Subscribe to messages that survived the link faults (MissionServerPort-compatible). */
  onMessage(handler: (m: InboundMessage) => void): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  /** Send through the link faults. Never throws: a vehicle does not care whether anyone listens. */
  send(message: MavLinkData, targetSysid?: number): Promise<void> {
    const f = this.faults();
    const verdict = packetVerdict(f, this.nowS(), this.rng.next());
    if (verdict === 'drop') return Promise.resolve();
    const go = (): void => {
      if (this.link.isClosed) return;
      this.sent++;
      this.link.send(message, targetSysid).catch(() => undefined);
    };
    if (verdict === 'delay') this.clock.setTimer(f.latencyMs, go);
    else go();
    return Promise.resolve();
  }

  private inbound(m: InboundMessage): void {
    if (this.provision(m)) return;
    const f = this.faults();
    const verdict = packetVerdict(f, this.nowS(), this.rng.next());
    if (verdict === 'drop') return;
    const deliver = (): void => {
      this.received++;
      for (const h of this.handlers) {
        try {
          h(m);
        } catch {
          // one consumer's bug must not silence the others
        }
      }
    };
    if (verdict === 'delay') this.clock.setTimer(f.latencyMs, deliver);
    else deliver();
  }

  /**
   * SETUP_SIGNING addressed to us, as PX4 handles it: store the key and sign from now on (an
   * all-zero key clears signing). It arrives only through the link's own policy: once signing is
   * on, only a correctly signed SETUP_SIGNING can change the key.
   */
  private provision(m: InboundMessage): boolean {
    if (!(m.data instanceof common.SetupSigning) || m.data.targetSystem !== this.link.identity.sysid) return false;
    const key = Buffer.from(m.data.secretKey);
    const clear = key.every((b) => b === 0) && BigInt(m.data.initialTimestamp) === 0n;
    this.link.setSigning(clear || key.length !== 32 ? undefined : { key, unsigned: 'reject', timestampFloor: Number(m.data.initialTimestamp) });
    return true;
  }

  close(): Promise<void> {
    return this.link.close();
  }
}
