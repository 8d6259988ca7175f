/**
 * Connection URLs, spelled as MAVSDK spells them, parsed once into a tagged union.
 *
 *   udpin://0.0.0.0:14550      listen; peers are learned from incoming datagrams (one per sysid)
 *   udpout://127.0.0.1:18570   send to a fixed peer (and receive its answers)
 *   tcpin://0.0.0.0:5760       accept TCP clients
 *   tcpout://127.0.0.1:5760    connect to a TCP server
 *   serial:///dev/ttyUSB0:57600
 */
import { isIP } from 'node:net';
import { BridgeError } from '../errors.js';

export type ConnectionUrl =
  | { kind: 'udp'; mode: 'in' | 'out'; host: string; port: number }
  | { kind: 'tcp'; mode: 'in' | 'out'; host: string; port: number }
  | { kind: 'serial'; path: string; baud: number };

export const STANDARD_BAUD_RATES = [
  1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 921600, 1000000, 1500000, 2000000, 3000000,
] as const;

function bad(url: string, what: string): BridgeError {
  return new BridgeError('URL_INVALID', `invalid connection URL "${url}": ${what}`, { url });
}

function parsePort(url: string, text: string, allowZero: boolean): number {
  if (!/^\d+$/.test(text)) throw bad(url, `port "${text}" is not a number`);
  const port = Number(text);
  // Port 0 ("let the OS choose") only makes sense where we listen.
  if (port > 65535 || (port === 0 && !allowZero)) throw bad(url, `port ${port} is out of range ${allowZero ? 0 : 1}-65535`);
  return port;
}

function parseHost(url: string, text: string): string {
  if (text === '') throw bad(url, 'host is missing');
  if (text === 'localhost') return text;
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIP(bare) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(bare)) {
    throw bad(url, `host "${text}" is neither an IP address nor a host name`);
  }
  return bare;
}

/**
 * Parse a connection URL.
 * @example parseConnectionUrl('udpin://0.0.0.0:14550') // {kind:'udp', mode:'in', host:'0.0.0.0', port:14550}
 * @throws BridgeError URL_INVALID naming the bad part
 */
export function parseConnectionUrl(url: string): ConnectionUrl {
  const m = /^([a-z]+):\/\/(.*)$/.exec(url.trim());
  if (!m) throw bad(url, 'expected scheme://…, e.g. udpin://0.0.0.0:14550 or serial:///dev/ttyUSB0:57600');
  const scheme = m[1]!;
  const rest = m[2]!;
  switch (scheme) {
    case 'udpin':
    case 'udpout':
    case 'tcpin':
    case 'tcpout': {
      const hp = /^(\[[^\]]*\]|[^:/]*):([^:/]*)$/.exec(rest);
      if (!hp) throw bad(url, `expected host:port after "${scheme}://"`);
      const host = parseHost(url, hp[1]!);
      const port = parsePort(url, hp[2]!, scheme.endsWith('in'));
      return { kind: scheme.startsWith('udp') ? 'udp' : 'tcp', mode: scheme.endsWith('in') ? 'in' : 'out', host, port };
    }
    case 'serial': {
      const sp = /^(\/[^:]*[^:/])(?::(\d*))?$/.exec(rest);
      if (!sp) throw bad(url, 'expected an absolute device path, e.g. serial:///dev/ttyUSB0:57600');
      const baudText = sp[2];
      if (baudText === undefined || baudText === '') return { kind: 'serial', path: sp[1]!, baud: 57600 };
      const baud = Number(baudText);
      if (!(STANDARD_BAUD_RATES as readonly number[]).includes(baud)) {
        throw bad(url, `baud rate ${baudText} is not a standard rate (${STANDARD_BAUD_RATES.join(', ')})`);
      }
      return { kind: 'serial', path: sp[1]!, baud };
    }
    default:
      throw bad(url, `unknown scheme "${scheme}" (use udpin, udpout, tcpin, tcpout or serial)`);
  }
}

/** The canonical spelling of a parsed URL. */
export function formatConnectionUrl(c: ConnectionUrl): string {
  if (c.kind === 'serial') return `serial://${c.path}:${c.baud}`;
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  return `${c.kind}${c.mode}://${host}:${c.port}`;
}
