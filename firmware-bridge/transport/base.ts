/** What every transport shares: handler lists, the closed flag, and the one close notification. */
import { BridgeError } from '../errors.js';
import type { Transport } from './transport.js';

export abstract class BaseTransport implements Transport {
  abstract readonly description: string;
  abstract readonly datagram: boolean;
  private readonly dataHandlers: ((chunk: Buffer, peer: string | undefined) => void)[] = [];
  private readonly closeHandlers: ((error?: Error) => void)[] = [];
  protected closed = false;

  onData(handler: (chunk: Buffer, peer: string | undefined) => void): void {
    this.dataHandlers.push(handler);
  }

  onClose(handler: (error?: Error) => void): void {
    this.closeHandlers.push(handler);
  }

  abstract send(bytes: Buffer, sysid?: number): Promise<void>;
  abstract close(): Promise<void>;

  protected emitData(chunk: Buffer, peer: string | undefined): void {
    for (const h of this.dataHandlers) h(chunk, peer);
  }

  /** Mark closed and tell the handlers, once. */
  protected finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const h of this.closeHandlers) h(error);
  }

  protected closedError(): BridgeError {
    return new BridgeError('TRANSPORT_CLOSED', `${this.description} is closed; reopen the connection`);
  }

  protected writeFailed(err: Error): BridgeError {
    return new BridgeError('TRANSPORT_CLOSED', `send on ${this.description} failed: ${err.message}`);
  }
}
