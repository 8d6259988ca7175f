/** Connection URL → open Transport. */
import { SerialTransport } from './serial.js';
import { TcpInTransport, TcpOutTransport } from './tcp.js';
import type { PeerPolicy } from '../link/peers.js';
import type { Transport } from './transport.js';
import { UdpInTransport, UdpOutTransport } from './udp.js';
import { parseConnectionUrl, type ConnectionUrl } from './url.js';

/** `policy` applies to the many-peer listeners (udpin, tcpin). */
export async function openTransport(url: string | ConnectionUrl, policy: Partial<PeerPolicy> = {}): Promise<Transport> {
  const c = typeof url === 'string' ? parseConnectionUrl(url) : url;
  switch (c.kind) {
    case 'udp':
      return c.mode === 'in' ? UdpInTransport.open(c.host, c.port, { policy }) : UdpOutTransport.open(c.host, c.port);
    case 'tcp':
      return c.mode === 'in' ? TcpInTransport.open(c.host, c.port, policy) : TcpOutTransport.open(c.host, c.port);
    case 'serial':
      return SerialTransport.open(c.path, c.baud);
  }
}
