/** Serial transport over the `serialport` package (radios, USB autopilots, socat PTY pairs in tests). */
import { SerialPort } from 'serialport';
import { BridgeError } from '../errors.js';
import { BaseTransport } from './base.js';

export class SerialTransport extends BaseTransport {
  readonly datagram = false;

  private constructor(
    private readonly port: SerialPort,
    readonly description: string,
  ) {
    super();
    port.on('data', (chunk: Buffer) => this.emitData(chunk, undefined));
    port.on('error', (err: Error) => this.finish(err));
    port.on('close', () => this.finish());
  }

  static open(path: string, baud: number): Promise<SerialTransport> {
    const description = `serial://${path}:${baud}`;
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate: baud, autoOpen: false });
      port.open((err) => {
        if (err) reject(new BridgeError('TRANSPORT_OPEN_FAILED', `cannot open ${description}: ${err.message}; check the device path and permissions`, { path }));
        else resolve(new SerialTransport(port, description));
      });
    });
  }

  send(bytes: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      this.port.write(bytes, (err) => {
        if (err) return reject(this.writeFailed(err));
        this.port.drain(() => resolve());
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => (this.port.isOpen ? this.port.close(() => resolve()) : resolve()));
    this.finish();
  }
}
