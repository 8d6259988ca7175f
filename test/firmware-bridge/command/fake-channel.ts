/** In-memory MessageChannel and COMMAND_ACK factory for reducer and client tests (no sockets). */
import { common, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import type { MessageChannel } from '../../../firmware-bridge/link/channel.js';
import type { InboundMessage } from '../../../firmware-bridge/link/link.js';
import type { Frame } from '../../../firmware-bridge/codec/frame.js';

export const GCS = { sysid: 255, compid: 190 };
export const TARGET = { system: 1, component: 1 };

export interface AckOptions {
  progress?: number;
  resultParam2?: number;
  targetSystem?: number;
  targetComponent?: number;
}

export function commandAck(command: number, result: number, o: AckOptions = {}): common.CommandAck {
  const a = new common.CommandAck();
  a.command = command as common.MavCmd;
  a.result = result as common.MavResult;
  a.progress = o.progress ?? 0;
  a.resultParam2 = o.resultParam2 ?? 0;
  a.targetSystem = o.targetSystem ?? GCS.sysid;
  a.targetComponent = o.targetComponent ?? GCS.compid;
  return a;
}

/** An InboundMessage as the link would deliver it (only the header fields protocol code reads). */
export function inbound(data: MavLinkData, from = { sysid: 1, compid: 1 }, atMs = 0): InboundMessage {
  const ctor = data.constructor as unknown as { MSG_ID: number; MSG_NAME: string };
  const frame: Frame = {
    version: 2,
    msgid: ctor.MSG_ID,
    sysid: from.sysid,
    compid: from.compid,
    seq: 0,
    incompatFlags: 0,
    compatFlags: 0,
    payload: Buffer.alloc(0),
    raw: Buffer.alloc(0),
    signature: undefined,
    crcChecked: true,
  };
  return { frame, name: ctor.MSG_NAME, data, receivedAtMs: atMs };
}

export interface FakeChannel {
  channel: MessageChannel;
  sent: MavLinkData[];
  deliver(data: MavLinkData, from?: { sysid: number; compid: number }): void;
  /** Make the next sends fail (link closed). */
  failSends: boolean;
  /** Called synchronously on each send (to script instant answers). */
  onSend?: (m: MavLinkData) => void;
  subscribers(): number;
}

export function fakeChannel(): FakeChannel {
  const handlers = new Set<(m: InboundMessage) => void>();
  const fake: FakeChannel = {
    sent: [],
    failSends: false,
    deliver(data, from = { sysid: 1, compid: 1 }) {
      const m = inbound(data, from);
      for (const h of [...handlers]) h(m);
    },
    subscribers: () => handlers.size,
    channel: {
      target: TARGET,
      own: GCS,
      async send(msg) {
        if (fake.failSends) throw new Error('link closed');
        fake.sent.push(msg);
        fake.onSend?.(msg);
      },
      subscribe(h) {
        handlers.add(h);
        return () => void handlers.delete(h);
      },
    },
  };
  return fake;
}
