/**
 * MissionClient: upload, download, clear and set-current for one vehicle, one transaction at a
 * time (PX4 runs a single transfer across all plan types and links, and answers a second one with
 * "Busy"). Each call runs one reducer through the driver.
 */
import { systemClock, type Clock } from '../clock.js';
import { BridgeError } from '../errors.js';
import type { MessageChannel } from '../link/channel.js';
import { clearTransaction } from './clear.js';
import { downloadTransaction, type DownloadResult } from './download.js';
import { runTransaction, type RunOptions } from '../transaction/driver.js';
import { TransactionQueue } from '../transaction/queue.js';
import type { ItemProgress } from '../transaction/types.js';
import { setCurrentTransaction } from './set-current.js';
import { DEFAULT_MISSION_TIMING, type MissionTiming } from './timing.js';
import type { MissionContext } from './transaction.js';
import { compareItems, validateItems, type ClearType, type ItemDifference, type MissionItem, type MissionType } from './types.js';
import { uploadTransaction, type UploadResult } from './upload.js';

export interface TransferProgress extends ItemProgress {
  type: MissionType;
  phase: 'upload' | 'download';
}

export interface TransferOptions {
  /** Abort to cancel: the vehicle gets MISSION_ACK(OPERATION_CANCELLED), the call MISSION_CANCELLED. */
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
}

export interface MissionClientOptions {
  clock?: Clock;
  /** Override timing (tests over real sockets scale it; see scaleTiming). Defaults: the constants. */
  timing?: Partial<MissionTiming>;
  /** Share one queue between clients that talk to the same vehicle. */
  queue?: TransactionQueue;
}

export interface VerifiedUpload extends UploadResult {
  /** The plan as the vehicle returned it (e.g. PX4 marks item 0 current, fence autocontinue 0). */
  readBack: MissionItem[];
}

export class MissionClient {
  private readonly clock: Clock;
  private readonly ctx: MissionContext;
  private readonly queue: TransactionQueue;

  constructor(
    private readonly channel: MessageChannel,
    options: MissionClientOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.ctx = { own: channel.own, target: channel.target, timing: { ...DEFAULT_MISSION_TIMING, ...options.timing } };
    this.queue = options.queue ?? new TransactionQueue('MISSION_CANCELLED');
  }

  /**
   * Upload a plan (replacing the vehicle's plan of that type; `[]` clears it). Resolves with the
   * vehicle's opaque_id. Rejects with MISSION_INVALID_ITEMS before sending anything if an item is
   * malformed, MISSION_NACK_* when the vehicle refuses, MISSION_UPLOAD_TIMEOUT, MISSION_BUSY,
   * MISSION_PROTOCOL_ERROR or MISSION_CANCELLED.
   * @example await client.upload('mission', items, { onProgress: (p) => log(p.done, p.total) })
   */
  upload(type: MissionType, items: readonly MissionItem[], options: TransferOptions = {}): Promise<UploadResult> {
    try {
      validateItems(type, items);
    } catch (e) {
      return Promise.reject(e);
    }
    const snapshot = items.map((it) => ({ ...it }));
    return this.queue.run(() => this.runUpload(type, snapshot, options), options.signal, `upload ${type}`);
  }

  /** Download a plan. Rejects with MISSION_DOWNLOAD_TIMEOUT, MISSION_NACK_*, MISSION_PROTOCOL_ERROR or MISSION_CANCELLED. */
  download(type: MissionType, options: TransferOptions = {}): Promise<DownloadResult> {
    return this.queue.run(() => this.runDownload(type, options), options.signal, `download ${type}`);
  }

  /** Clear one plan type or all of them ('all' = MAV_MISSION_TYPE_ALL). */
  clear(type: ClearType, options: Pick<TransferOptions, 'signal'> = {}): Promise<void> {
    return this.queue.run(() => runTransaction(this.channel, this.clock, clearTransaction(type, this.ctx), options), options.signal, `clear ${type}`);
  }

  /**
   * Make `seq` the current mission item, confirmed by MISSION_CURRENT. Tries
   * MAV_CMD_DO_SET_MISSION_CURRENT first and falls back to MISSION_SET_CURRENT (PX4 1.16).
   */
  setCurrent(seq: number, options: Pick<TransferOptions, 'signal'> = {}): Promise<void> {
    if (!Number.isInteger(seq) || seq < 0 || seq > 0xffff) {
      return Promise.reject(new BridgeError('MISSION_INVALID_ITEMS', `current item must be an integer 0..65535, got ${seq}`, { seq }));
    }
    return this.queue.run(() => runTransaction(this.channel, this.clock, setCurrentTransaction(seq, this.ctx), options), options.signal, `set current ${seq}`);
  }

  /**
   * Upload, download back and compare field by field, as one queued transaction. A difference is
   * MISSION_VERIFY_MISMATCH (details.differences lists seq/field/expected/actual), never success.
   */
  uploadVerified(type: MissionType, items: readonly MissionItem[], options: TransferOptions = {}): Promise<VerifiedUpload> {
    try {
      validateItems(type, items);
    } catch (e) {
      return Promise.reject(e);
    }
    const snapshot = items.map((it) => ({ ...it }));
    return this.queue.run(
      async () => {
        const uploaded = await this.runUpload(type, snapshot, options);
        const back = await this.runDownload(type, options);
        const differences: ItemDifference[] = compareItems(snapshot, back.items);
        // Both ids known and different: someone else changed the plan between our two transfers.
        if (uploaded.opaqueId !== 0 && back.opaqueId !== 0 && uploaded.opaqueId !== back.opaqueId) {
          differences.push({ seq: -1, field: 'opaqueId', expected: uploaded.opaqueId, actual: back.opaqueId });
        }
        if (differences.length > 0) {
          const first = differences[0]!;
          throw new BridgeError(
            'MISSION_VERIFY_MISMATCH',
            `the ${type} plan read back differs from the upload in ${differences.length} field(s), first: item ${first.seq} ${first.field} ${String(first.expected)} ≠ ${String(first.actual)}; do not fly it, upload again`,
            { differences, uploadedOpaqueId: uploaded.opaqueId, readBackOpaqueId: back.opaqueId },
          );
        }
        return { ...uploaded, readBack: back.items };
      },
      options.signal,
      `verified upload ${type}`,
    );
  }

  private runUpload(type: MissionType, items: MissionItem[], options: TransferOptions): Promise<UploadResult> {
    return runTransaction(this.channel, this.clock, uploadTransaction(type, items, this.ctx), this.runOptions(type, 'upload', options));
  }

  private runDownload(type: MissionType, options: TransferOptions): Promise<DownloadResult> {
    return runTransaction(this.channel, this.clock, downloadTransaction(type, this.ctx), this.runOptions(type, 'download', options));
  }

  private runOptions(type: MissionType, phase: 'upload' | 'download', options: TransferOptions): RunOptions<ItemProgress> {
    const { signal, onProgress } = options;
    return { signal, onProgress: onProgress ? (p) => onProgress({ ...p, type, phase }) : undefined };
  }
}
