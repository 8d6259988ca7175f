/** Serial transport over the `serialport` package (radios, USB autopilots, socat PTY pairs in tests). */
import { SerialPort } from 'serialport';
import { BridgeError } from '../errors.js';
import type { Transport } from './transport.js';

export class SerialTransport implements Transport {
  private readonly dataHandlers: ((chunk: Buffer, peer: string | undefined) => void)[] = [];
  private readonly closeHandlers: ((error?: Error) => void)[] = [];
  private closed = false;
  readonly datagram = false;

  private constructor(
    private readonly port: SerialPort,
    readonly description: string,
  ) {
    port.on('data', (chunk: Buffer) => {
      for (const h of this.dataHandlers) h(chunk, undefined);
    });
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

  onData(handler: (chunk: Buffer, peer: string | undefined) => void): void {
    this.dataHandlers.push(handler);
  }

  onClose(handler: (error?: Error) => void): void {
    this.closeHandlers.push(handler);
  }

  send(bytes: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new BridgeError('TRANSPORT_CLOSED', `${this.description} is closed`));
    return new Promise((resolve, reject) => {
      this.port.write(bytes, (err) => {
        if (err) return reject(new BridgeError('TRANSPORT_CLOSED', `write on ${this.description} failed: ${err.message}`));
        this.port.drain(() => resolve());
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => (this.port.isOpen ? this.port.close(() => resolve()) : resolve()));
    this.finish();
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const h of this.closeHandlers) h(error);
  }
}
