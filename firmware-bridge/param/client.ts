/** ParamClient: read and write PX4 parameters by name, verified, one request at a time per vehicle. */
import { systemClock, type Clock } from '../clock.js';
import type { MessageChannel } from '../link/channel.js';
import { runTransaction } from '../transaction/driver.js';
import { TransactionQueue } from '../transaction/queue.js';
import { BridgeError } from '../errors.js';
import { sameParamValue } from './encoding.js';
import { paramTransaction, type ParamValue } from './param-transaction.js';

export class ParamClient {
  private readonly queue = new TransactionQueue('PARAM_CANCELLED');
  private readonly types = new Map<string, number>();

  constructor(
    private readonly channel: MessageChannel,
    private readonly options: { clock?: Clock } = {},
  ) {}

  /**
   * Read one parameter.
   * @example (await params.read('RTL_RETURN_ALT')).value // 30
   */
  async read(name: string): Promise<ParamValue> {
    const v = await this.queue.run(() => runTransaction(this.channel, this.options.clock ?? systemClock, paramTransaction({ kind: 'read', name }, this.channel.target)), undefined, `read ${name}`);
    this.types.set(name, v.type);
    return v;
  }

  /**
   * Set a parameter and confirm it: the type is learnt by reading first (PX4 needs it for the
   * bytewise encoding of integers), the echo must carry the new value, and a final read proves
   * the vehicle kept it. Rejects with PARAM_TIMEOUT, PARAM_SET_REJECTED or PARAM_INVALID.
   * @example await params.setVerified('RTL_RETURN_ALT', 60)
   */
  async setVerified(name: string, value: number): Promise<ParamValue> {
    const type = this.types.get(name) ?? (await this.read(name)).type;
    const clock = this.options.clock ?? systemClock;
    await this.queue.run(() => runTransaction(this.channel, clock, paramTransaction({ kind: 'set', name, value, type }, this.channel.target)), undefined, `set ${name}`);
    const back = await this.read(name);
    if (!sameParamValue(back.value, value, type)) {
      throw new BridgeError('PARAM_SET_REJECTED', `${name} reads back as ${back.value} after setting ${value}; another GCS or the vehicle changed it`, { name, requested: value, actual: back.value });
    }
    return back;
  }
}
