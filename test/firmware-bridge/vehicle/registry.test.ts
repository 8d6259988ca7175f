/** VehicleRegistry with a FakeClock over an in-memory transport: discovery, loss, regain, routing. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../firmware-bridge/clock.js';
import { common, minimal, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import { Encoder } from '../../../firmware-bridge/codec/encode.js';
import { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import type { Transport } from '../../../firmware-bridge/transport/transport.js';
import { HEARTBEAT_TIMEOUT_MS, VehicleRegistry } from '../../../firmware-bridge/vehicle/registry.js';
import { MissionClient } from '../../../firmware-bridge/mission/client.js';
import { commandAck } from '../command/fake-channel.js';
import * as m from './messages.js';

class MemoryTransport implements Transport {
  readonly description = 'memory://test';
  readonly datagram = true;
  readonly sent: Buffer[] = [];
  private readonly dataHandlers: ((c: Buffer, peer: string | undefined) => void)[] = [];
  private readonly closeHandlers: ((e?: Error) => void)[] = [];
  onData(h: (c: Buffer, peer: string | undefined) => void): void {
    this.dataHandlers.push(h);
  }
  onClose(h: (e?: Error) => void): void {
    this.closeHandlers.push(h);
  }
  async send(bytes: Buffer): Promise<void> {
    this.sent.push(bytes);
  }
  async close(): Promise<void> {
    for (const h of this.closeHandlers) h();
  }
  inject(bytes: Buffer, peer: string): void {
    for (const h of this.dataHandlers) h(bytes, peer);
  }
}

function setup(timeoutMs?: number) {
  const clock = new FakeClock(10_000);
  const transport = new MemoryTransport();
  const link = new MavlinkLink(transport, { heartbeat: false, clock });
  const registry = new VehicleRegistry(link, { clock, ...(timeoutMs ? { heartbeatTimeoutMs: timeoutMs } : {}) });
  const encoders = new Map<string, Encoder>();
  const from = (sysid: number, msg: MavLinkData, compid = 1): void => {
    const key = `${sysid}/${compid}`;
    let enc = encoders.get(key);
    if (!enc) encoders.set(key, (enc = new Encoder({ sysid, compid })));
    transport.inject(enc.encode(msg), `127.0.0.1:${14500 + sysid}`);
  };
  const events: string[] = [];
  registry.on('vehicleDiscovered', (s) => events.push(`discovered ${s.sysid}`));
  registry.on('connectionLost', (s) => events.push(`lost ${s.sysid}`));
  registry.on('connectionRegained', (s) => events.push(`regained ${s.sysid}`));
  return { clock, transport, link, registry, from, events };
}

describe('VehicleRegistry (FakeClock, in-memory link)', () => {
  it('a GCS heartbeat and telemetry before any autopilot heartbeat create nothing', () => {
    const { registry, from, events } = setup();
    from(254, m.gcsHb(), 190);
    from(1, m.globalPos({ lat: 1, lon: 2, altMm: 3, relMm: 4 }));
    expect(registry.list()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('discovers a vehicle by its autopilot HEARTBEAT, once, with a session ready to command it', () => {
    const { registry, from, events } = setup();
    const changes: string[] = [];
    registry.on('stateChanged', (s, state, prev) => changes.push(`${s.sysid}:${prev.flightMode}->${state.flightMode}`));
    from(1, m.hb());
    from(1, m.hb());
    const v = registry.get(1)!;
    expect(events).toEqual(['discovered 1']);
    expect(changes[0]).toBe('1:undefined->Hold');
    expect(v.state).toMatchObject({ sysid: 1, compid: 1, connected: true, flightMode: 'Hold', armed: false });
    expect(v.channel.target).toEqual({ system: 1, component: 1 });
    expect(v.missions).toBeInstanceOf(MissionClient);
    expect(registry.list()).toEqual([v]);
  });

  it('connection lost after exactly heartbeatTimeoutMs of silence, regained by the next heartbeat', () => {
    const { clock, registry, from, events } = setup();
    from(1, m.hb());
    clock.advance(2_000);
    from(1, m.hb()); // refreshes the timeout
    from(1, m.attitude(0, 0, 0)); // telemetry does not keep the connection alive
    clock.advance(HEARTBEAT_TIMEOUT_MS - 1);
    expect(registry.get(1)!.connected).toBe(true);
    clock.advance(1);
    expect(events).toEqual(['discovered 1', 'lost 1']);
    expect(registry.get(1)!.state.connected).toBe(false);
    clock.advance(60_000);
    expect(events).toHaveLength(2); // lost is reported once
    from(1, m.hb({ customMode: 0x05040000 }));
    expect(events).toEqual(['discovered 1', 'lost 1', 'regained 1']);
    expect(registry.get(1)!.state).toMatchObject({ connected: true, flightMode: 'RTL' });
  });

  it('only the autopilot component keeps the connection alive', () => {
    const { clock, registry, from, events } = setup();
    from(1, m.hb());
    for (let i = 0; i < 4; i++) {
      clock.advance(1_000);
      from(1, m.hb({ autopilot: minimal.MavAutopilot.INVALID, type: minimal.MavType.CAMERA }), 100);
    }
    expect(events).toEqual(['discovered 1', 'lost 1']);
    expect(registry.get(1)!.compid).toBe(1);
  });

  it('two vehicles are independent; a configurable timeout', () => {
    const { clock, registry, from, events } = setup(5_000);
    from(1, m.hb());
    from(2, m.hb({ customMode: 0x04040000, baseMode: 0x9d }));
    for (let t = 0; t < 6; t++) {
      clock.advance(1_000);
      from(1, m.hb());
    }
    expect(events).toEqual(['discovered 1', 'discovered 2', 'lost 2']);
    expect(registry.get(2)!.state).toMatchObject({ connected: false, armed: true, flightMode: 'Mission' });
    expect(registry.get(1)!.connected).toBe(true);
  });

  it('commands through a session go out addressed to the vehicle and settle on its ACK', async () => {
    const { registry, from, transport } = setup();
    from(2, m.hb());
    const p = registry.get(2)!.commands.arm();
    await Promise.resolve();
    expect(transport.sent.length).toBe(1);
    from(2, commandAck(common.MavCmd.COMPONENT_ARM_DISARM, 0));
    await expect(p).resolves.toMatchObject({ ok: true });
  });

  it('the session\'s MissionClient talks to the same vehicle (clear → MISSION_CLEAR_ALL to 2/1, ACK settles it)', async () => {
    const { registry, from, transport } = setup();
    from(2, m.hb());
    const p = registry.get(2)!.missions.clear('mission');
    await new Promise((r) => setImmediate(r));
    const frame = transport.sent.at(-1)!;
    expect(frame.readUIntLE(7, 3)).toBe(45); // MISSION_CLEAR_ALL
    expect([frame[10], frame[11]]).toEqual([2, 1]); // target_system, target_component
    const ack = new common.MissionAck();
    Object.assign(ack, { targetSystem: 255, targetComponent: 190, type: 0, missionType: 0, opaqueId: 0 });
    from(2, ack);
    await expect(p).resolves.toBeUndefined();
  });

  it('link close: every connected vehicle is lost', async () => {
    const { link, from, events } = setup();
    from(1, m.hb());
    from(2, m.hb());
    await link.close();
    expect(events).toEqual(['discovered 1', 'discovered 2', 'lost 1', 'lost 2']);
  });

  it('close(): no more events, timers cancelled, pending commands aborted', async () => {
    const { clock, registry, from, events } = setup();
    from(1, m.hb());
    const p = registry.get(1)!.commands.land();
    registry.close();
    await expect(p).rejects.toMatchObject({ code: 'COMMAND_ABORTED' });
    from(3, m.hb());
    clock.advance(10_000);
    expect(events).toEqual(['discovered 1']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a throwing listener does not stop the others', () => {
    const { registry, from } = setup();
    const seen: number[] = [];
    registry.on('vehicleDiscovered', () => {
      throw new Error('consumer bug');
    });
    registry.on('vehicleDiscovered', (s) => seen.push(s.sysid));
    from(7, m.hb());
    expect(seen).toEqual([7]);
  });
});
