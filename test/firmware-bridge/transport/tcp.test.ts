import { afterEach, describe, expect, it } from 'vitest';
import { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import { TcpInTransport } from '../../../firmware-bridge/transport/tcp.js';
import { openTransport } from '../../../firmware-bridge/transport/open.js';
import { nextMessage, until, VEHICLE } from '../helpers/links.js';
import { globalPosition, heartbeat } from '../helpers/telemetry.js';

const open: MavlinkLink[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

describe('TCP transports', () => {
  it('tcpin accepts a vehicle connecting with tcpout; frames survive arbitrary segmentation', async () => {
    const server = await TcpInTransport.open('127.0.0.1', 0);
    const gcs = new MavlinkLink(server, { heartbeat: false });
    const vehicle = new MavlinkLink(await openTransport(`tcpout://127.0.0.1:${server.localPort}`), { identity: VEHICLE, heartbeat: false });
    open.push(gcs, vehicle);
    for (let i = 0; i < 200; i++) void vehicle.send(globalPosition(i));
    await until(() => gcs.stats().rxPackets === 200);
    expect(gcs.stats().seqGaps).toBe(0);
    const answer = nextMessage(vehicle, (m) => m.name === 'HEARTBEAT');
    await gcs.send(heartbeat(), 1);
    expect((await answer).frame.sysid).toBe(255);
  });

  it('rejects a connection to a closed port with TRANSPORT_OPEN_FAILED', async () => {
    const server = await TcpInTransport.open('127.0.0.1', 0);
    const port = server.localPort;
    await server.close();
    await expect(openTransport(`tcpout://127.0.0.1:${port}`)).rejects.toMatchObject({ code: 'TRANSPORT_OPEN_FAILED' });
  });

  it('rejects binding a UDP port that is taken', async () => {
    const a = await openTransport('udpin://127.0.0.1:0');
    const port = (a as unknown as { localPort: number }).localPort;
    await expect(openTransport(`udpin://127.0.0.1:${port}`)).rejects.toMatchObject({ code: 'TRANSPORT_OPEN_FAILED' });
    await a.close();
  });
});
