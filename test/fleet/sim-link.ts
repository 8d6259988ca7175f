/**
 * Simulated PX4s on real UDP, attached to a Fleet as the link "sim" — as the service attaches its
 * embedded simulator: our heartbeat runs on the simulator's clock, everything else in real time.
 */
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { Fleet, type FleetOptions as ServiceFleetOptions } from '../../src/fleet/fleet.js';
import { startFleet, type Fleet as SimFleet, type FleetOptions } from '../../sim/runtime/fleet.js';

export async function simulatedLink(sim: Omit<FleetOptions, 'gcs' | 'basePort'>, fleetOptions: ServiceFleetOptions = {}): Promise<{ sim: SimFleet; fleet: Fleet }> {
  const transport = await UdpInTransport.open('127.0.0.1', 0);
  const simFleet = await startFleet({ ...sim, basePort: 0, gcs: `udpout://127.0.0.1:${transport.localPort}` });
  const fleet = new Fleet(fleetOptions);
  fleet.attach({ name: 'sim', url: `udpin://127.0.0.1:${transport.localPort}` }, transport, simFleet.clock);
  return { sim: simFleet, fleet };
}
