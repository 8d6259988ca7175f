import { describe, expect, it } from 'vitest';
import { formatConnectionUrl, parseConnectionUrl } from '../../../firmware-bridge/transport/url.js';
import { BridgeError } from '../../../firmware-bridge/errors.js';

describe('parseConnectionUrl', () => {
  it.each([
    ['udpin://0.0.0.0:14550', { kind: 'udp', mode: 'in', host: '0.0.0.0', port: 14550 }],
    ['udpin://127.0.0.1:0', { kind: 'udp', mode: 'in', host: '127.0.0.1', port: 0 }],
    ['udpout://127.0.0.1:18570', { kind: 'udp', mode: 'out', host: '127.0.0.1', port: 18570 }],
    ['udpout://localhost:18570', { kind: 'udp', mode: 'out', host: 'localhost', port: 18570 }],
    ['tcpin://0.0.0.0:5760', { kind: 'tcp', mode: 'in', host: '0.0.0.0', port: 5760 }],
    ['tcpout://127.0.0.1:5760', { kind: 'tcp', mode: 'out', host: '127.0.0.1', port: 5760 }],
    ['tcpout://[::1]:5760', { kind: 'tcp', mode: 'out', host: '::1', port: 5760 }],
    ['serial:///dev/ttyUSB0:57600', { kind: 'serial', path: '/dev/ttyUSB0', baud: 57600 }],
    ['serial:///dev/serial/by-id/usb-Holybro_Pixhawk6C-if00:921600', { kind: 'serial', path: '/dev/serial/by-id/usb-Holybro_Pixhawk6C-if00', baud: 921600 }],
    ['serial:///dev/ttyACM0', { kind: 'serial', path: '/dev/ttyACM0', baud: 57600 }],
    ['  udpin://0.0.0.0:14550  ', { kind: 'udp', mode: 'in', host: '0.0.0.0', port: 14550 }],
  ])('%s', (url, expected) => {
    expect(parseConnectionUrl(url)).toEqual(expected);
  });

  it.each([
    ['14550', 'expected scheme://'],
    ['udp://0.0.0.0:14550', 'unknown scheme "udp"'],
    ['http://localhost:80', 'unknown scheme "http"'],
    ['udpin://0.0.0.0', 'expected host:port'],
    ['udpin://0.0.0.0:abc', 'port "abc" is not a number'],
    ['udpin://0.0.0.0:70000', 'port 70000 is out of range'],
    ['udpout://127.0.0.1:0', 'port 0 is out of range 1-65535'],
    ['tcpout://:5760', 'host is missing'],
    ['tcpout://bad_host!:5760', 'host "bad_host!" is neither'],
    ['serial://ttyUSB0:57600', 'absolute device path'],
    ['serial:///dev/ttyUSB0:12345', 'baud rate 12345 is not a standard rate'],
    ['serial:///dev/ttyUSB0:fast', 'absolute device path'],
  ])('rejects %s naming the bad part', (url, fragment) => {
    let error: unknown;
    try {
      parseConnectionUrl(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe('URL_INVALID');
    expect((error as BridgeError).message).toContain(fragment);
  });

  it('formats back to a URL that parses to the same thing', () => {
    for (const url of ['udpin://0.0.0.0:14550', 'tcpout://[::1]:5760', 'serial:///dev/ttyUSB0:115200']) {
      const parsed = parseConnectionUrl(url);
      expect(parseConnectionUrl(formatConnectionUrl(parsed))).toEqual(parsed);
    }
  });
});
