/** Real-socket link pairs on 127.0.0.1 for tests. Callers close what they open. */
import { MavlinkLink, type InboundMessage, type LinkOptions } from '../../../firmware-bridge/link/link.js';
import { UdpInTransport, UdpOutTransport } from '../../../firmware-bridge/transport/udp.js';
import { heartbeat } from './telemetry.js';

export const VEHICLE = { sysid: 1, compid: 1 };

/** A GCS link listening on an ephemeral udpin port. */
export async function gcsOnUdp(options: LinkOptions = {}): Promise<{ link: MavlinkLink; port: number; transport: UdpInTransport }> {
  const transport = await UdpInTransport.open('127.0.0.1', 0);
  return { link: new MavlinkLink(transport, options), port: transport.localPort, transport };
}

/** A vehicle-side link (PX4 identity, PX4-like heartbeat) sending to the GCS port. */
export async function vehicleOnUdp(gcsPort: number, options: LinkOptions = {}): Promise<MavlinkLink> {
  const transport = await UdpOutTransport.open('127.0.0.1', gcsPort);
  return new MavlinkLink(transport, { identity: VEHICLE, heartbeat: heartbeat(), ...options });
}

/** Resolve with the first message matching `pred`, or reject after `ms`. */
export function nextMessage(link: MavlinkLink, pred: (m: InboundMessage) => boolean, ms = 3000): Promise<InboundMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching message within ${ms} ms`));
    }, ms);
    const off = link.onMessage((m) => {
      if (!pred(m)) return;
      clearTimeout(timer);
      off();
      resolve(m);
    });
  });
}

/** Wait until `cond()` holds, polling every 10 ms; reject after `ms`. */
export async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
