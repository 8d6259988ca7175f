/**
 * The vehicle side of the mission protocol (MISSION, FENCE, RALLY), behaving as PX4 1.16's
 * MavlinkMissionManager does in the recorded traces (../shared/px4/README.md §2–4):
 * - the first request on a fresh link is the legacy MISSION_REQUEST, until an INT message arrives;
 * - an upload item is re-requested every 250 ms; after 5 s of silence "Operation timeout", no ACK;
 * - opaque_id = CRC32 of the items (3971944974 for the 7-item delivery mission);
 * - UNSUPPORTED for unknown commands, UNSUPPORTED_FRAME for bad frames, NO_SPACE for huge counts,
 *   ERROR + "WPM: REJ. CMD: Busy" for a second COUNT mid-transfer, ERROR for an unsolicited item,
 *   unsolicited ACK / REQUEST ignored, CLEAR_ALL incl. type 255, fence read back with
 *   autocontinue 0, MISSION_SET_CURRENT (and UNSUPPORTED for MAV_CMD_DO_SET_MISSION_CURRENT).
 *
 * Transport-agnostic: give it anything that sends messages and delivers InboundMessages (a
 * MavlinkLink with identity 1/1 and `heartbeat: false` fits). Plans live in memory.
 *
 * @example
 *   const link = new MavlinkLink(await UdpInTransport.open('127.0.0.1', 0), { identity: { sysid: 1, compid: 1 }, heartbeat: false });
 *   const server = new MissionServer(link, { onChange: (type, items) => console.log(type, items.length) });
 */
import { common, type MavLinkData } from '../../firmware-bridge/codec/dialect.js';
import type { Identity } from '../../firmware-bridge/codec/encode.js';
import { systemClock, type Clock, type TimerHandle } from '../../firmware-bridge/clock.js';
import type { Target } from '../../firmware-bridge/link/channel.js';
import type { InboundMessage } from '../../firmware-bridge/link/link.js';
import { crc32Part, opaqueRecord } from '../../firmware-bridge/mission/opaque-id.js';
import * as msg from '../../firmware-bridge/mission/messages.js';
import { missionTypeFromCode, px4OpaqueId, type MissionItem, type MissionType } from '../../firmware-bridge/mission/index.js';
import { FaultSwitch, NO_FAULTS, type MissionFaultName, type MissionFaults } from './mission-faults.js';
import { fromWire, normalise, parseVerdict, rejectedFor, toFloat, toInt } from './mission-items.js';

export { MISSION_FAULTS, MISSION_FAULT_DESCRIPTIONS, type MissionFaultName, type MissionFaults } from './mission-faults.js';

export * from './mission-server-options.js';
import { PX4_MAX_ITEMS, PX4_MISSION_TIMING, type MissionServerOptions, type MissionServerPort, type MissionServerTiming } from './mission-server-options.js';

interface Plan {
  /** As PX4 would return it in int mode (frames 5/6 for positions). */
  items: MissionItem[];
  opaqueId: number;
}

type WpmState = 'idle' | 'getlist' | 'sendlist';
const SEV_CRITICAL = 2;
const SEV_INFO = 6;
const R = common.MavMissionResult;
const MISSION_PLANNER_COMPID = 190;
const TYPES: readonly MissionType[] = ['mission', 'fence', 'rally'];

export class MissionServer {
  private readonly clock: Clock;
  private readonly identity: Identity;
  private readonly timing: MissionServerTiming;
  private readonly timeScale: () => number;
  private readonly maxItems: Record<MissionType, number>;
  private fault: FaultSwitch;
  private readonly plans: Record<MissionType, Plan> = { mission: { items: [], opaqueId: 0 }, fence: { items: [], opaqueId: 0 }, rally: { items: [], opaqueId: 0 } };
  private current = 0;
  // PX4's transfer state (mavlink_mission.h names in comments).
  private state: WpmState = 'idle';
  private typeCode = 0; // _mission_type
  private transferSeq = 0; // _transfer_seq
  private transferCount = 0;
  private transferInProgress = false; // the upload lock
  private transferCrc = 0; // _transfer_current_crc32
  private transferCurrent = -1;
  private transferItems: MissionItem[] = [];
  private partner: Target = { system: 0, component: 0 };
  private intMode = false; // PX4 starts in float mode on every link
  private lastRecvAt = 0;
  private retryTimer: TimerHandle | undefined;
  private opTimer: TimerHandle | undefined;
  private streamTimer: TimerHandle | undefined;
  private textId = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly port: MissionServerPort,
    private readonly options: MissionServerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.identity = options.identity ?? { sysid: 1, compid: 1 };
    this.timing = { ...PX4_MISSION_TIMING, ...options.timing };
    this.timeScale = options.timeScale ?? (() => 1);
    this.maxItems = { ...PX4_MAX_ITEMS, ...options.maxItems };
    this.fault = new FaultSwitch(options.faults ?? NO_FAULTS);
    this.unsubscribe = port.onMessage((m) => this.receive(m));
    if (this.timing.currentIntervalMs > 0) this.streamCurrent();
  }

  /** Arm a fault (and loss) from now on; its first-try bookkeeping starts afresh. */
  setFaults(faults: MissionFaults): void {
    this.fault = new FaultSwitch(faults);
  }

  /** The stored plan of a type, as the vehicle would return it. */
  plan(type: MissionType): { items: readonly MissionItem[]; opaqueId: number } {
    return { items: this.plans[type].items.map((it) => normalise(it)), opaqueId: this.plans[type].opaqueId };
  }

  /** Preload a plan without a transfer (e.g. a vehicle that booted with a stored mission). */
  setPlan(type: MissionType, items: readonly MissionItem[]): void {
    this.store(type, items.map((it) => ({ ...it })), px4OpaqueId(items));
  }

  /** The mission's current item (PX4 `_current_seq`). */
  get currentSeq(): number {
    return this.current;
  }

  /** 'idle' | 'getlist' (receiving an upload) | 'sendlist' (serving a download). */
  get transferState(): WpmState {
    return this.state;
  }

  /** MISSION_CURRENT as PX4 streams it. */
  missionCurrent(): common.MissionCurrent {
    const n = this.plans.mission.items.length;
    return msg.missionCurrent(this.current, n > 0 ? n : 0xffff, { mission: this.plans.mission.opaqueId, fence: this.plans.fence.opaqueId, rally: this.plans.rally.opaqueId });
  }

  /** Stop listening and cancel every timer. */
  close(): void {
    this.unsubscribe();
    for (const t of [this.retryTimer, this.opTimer, this.streamTimer]) t?.cancel();
  }

  // ── receiving ────────────────────────────────────────────────────────────────────────────

  private receive(m: InboundMessage): void {
    const d = m.data;
    if (!d || this.fault.lose()) return;
    const from: Target = { system: m.frame.sysid, component: m.frame.compid };
    if (d instanceof common.CommandLong) return this.onCommand(d, from);
    if (!this.addressedToUs(d as { targetSystem?: number; targetComponent?: number })) return;
    if (d instanceof common.MissionAck) this.onAck(d, from);
    else if (d instanceof common.MissionSetCurrent) this.onSetCurrent(d);
    else if (d instanceof common.MissionRequestList) this.onRequestList(d, from);
    else if (d instanceof common.MissionRequestInt) this.onRequest(d.seq, Number(d.missionType), from, true);
    else if (d instanceof common.MissionRequest) this.onRequest(d.seq, Number(d.missionType), from, false);
    else if (d instanceof common.MissionCount) this.onCount(d, from);
    else if (d instanceof common.MissionItemInt) this.onItem(d, from, true);
    else if (d instanceof common.MissionItem) this.onItem(d, from, false);
    else if (d instanceof common.MissionClearAll) this.onClearAll(d);
  }

  /** PX4 CHECK_SYSID_COMPID_MISSION: our sysid, and our compid, MISSIONPLANNER or broadcast. */
  private addressedToUs(d: { targetSystem?: number; targetComponent?: number }): boolean {
    if (d.targetSystem !== this.identity.sysid) return false;
    return d.targetComponent === this.identity.compid || d.targetComponent === MISSION_PLANNER_COMPID || d.targetComponent === 0;
  }

  private isPartner(from: Target): boolean {
    return from.system === this.partner.system && from.component === this.partner.component;
  }

  private onCommand(d: common.CommandLong, from: Target): void {
    if (this.options.answerSetCurrentCommand === false || Number(d.command) !== 224 || d.targetSystem !== this.identity.sysid) return;
    // PX4 1.16's commander does not implement DO_SET_MISSION_CURRENT (trace: result 3).
    this.send(msg.commandAck(from, 224, common.MavResult.UNSUPPORTED), from.system);
  }

  private onAck(d: common.MissionAck, from: Target): void {
    if (!this.isPartner(from)) return this.text(SEV_CRITICAL, 'REJ. WP CMD: partner id mismatch');
    const result = Number(d.type);
    if (this.state === 'sendlist' && Number(d.missionType) === this.typeCode) {
      this.touch();
      this.goIdle(); // ACCEPTED, CANCELLED or an error: the download is over either way
    } else if (this.state === 'getlist') {
      if (result === R.UNSUPPORTED) {
        this.intMode = !this.intMode; // MAVSDK's way to ask for the other request flavour
        this.sendRequest(this.transferSeq);
      } else if (result === R.OPERATION_CANCELLED) {
        this.goIdle();
        this.transferInProgress = false;
      }
    }
    // Otherwise (idle, unsolicited): ignored, as in upload-faults (g).
  }

  private onSetCurrent(d: common.MissionSetCurrent): void {
    if (this.state !== 'idle') return this.text(SEV_CRITICAL, 'WPM: IGN WP CURR CMD: Busy');
    this.touch();
    if (d.seq >= this.plans.mission.items.length) return this.text(SEV_CRITICAL, 'WPM: WP CURR CMD: Not in list');
    this.current = d.seq; // no ACK; MISSION_CURRENT shows it at the next stream tick
    this.options.onChange?.('mission', this.plan('mission').items, this.plans.mission.opaqueId);
  }

  private onRequestList(d: common.MissionRequestList, from: Target): void {
    if (this.fault.fires('noMissionCountReply')) return;
    const type = Number(d.missionType);
    // All items were sent: a new list request completes the old download even without its ACK.
    if (this.transferSeq === this.countOf(this.typeCode)) this.goIdle();
    if (this.state !== 'idle' && !(this.state === 'sendlist' && this.typeCode === type)) {
      return this.text(SEV_INFO, 'Mission download request ignored, already active');
    }
    this.touch();
    this.state = 'sendlist';
    this.typeCode = type;
    this.transferSeq = 0;
    this.transferCount = this.countOf(type);
    this.partner = from;
    const reply = msg.missionCount(from, this.transferCount, type, this.idOf(type));
    if (!this.fault.fires('firstMissionCountReplyDropped')) this.send(reply, from.system);
  }

  private onRequest(seq: number, type: number, from: Target, int: boolean): void {
    this.intMode = int; // the request's flavour decides the item's flavour
    if (!this.isPartner(from)) return this.text(SEV_CRITICAL, 'WPM: REJ. CMD: partner id mismatch');
    if (this.state === 'idle') return; // PX4 ignores it silently ("buggy OSDs")
    if (this.state === 'getlist') return this.text(SEV_CRITICAL, 'WPM: REJ. CMD: Busy');
    if (type !== this.typeCode) return;
    if ((seq === 0 && this.fault.fires('noItem0')) || (seq === 1 && this.fault.fires('noItem1'))) return;
    this.touch();
    if (seq === this.transferSeq && this.transferSeq < this.transferCount) this.transferSeq++;
    else if (seq !== this.transferSeq - 1 || seq >= this.transferCount) return this.abortDownload();
    if ((seq === 0 && this.fault.fires('errorAckOnItem0Request')) || (seq === 1 && this.fault.fires('errorAckOnItem1Request'))) {
      this.goIdle();
      return this.ack(R.ERROR);
    }
    if (seq === 1 && this.fault.fires('item1FirstRequestDropped')) return;
    const wrong = (seq === 0 && this.fault.fires('wrongSeqItem0')) || (seq === 1 && this.fault.fires('wrongSeqItem1'));
    this.sendItem(seq, wrong ? seq + 1 : seq);
  }

  private abortDownload(): void {
    this.goIdle();
    this.ack(R.ERROR);
    this.text(SEV_CRITICAL, 'WPM: REJ. CMD: Req. WP was unexpected');
  }

  private onCount(d: common.MissionCount, from: Target): void {
    if (this.fault.fires('firstCountIgnored')) return;
    if (this.state === 'sendlist') {
      this.text(SEV_CRITICAL, 'WPM: IGN MISSION_COUNT: Busy');
      return this.ack(R.ERROR);
    }
    this.touch();
    if (this.state === 'getlist') {
      // Before item 0 arrived a repeated COUNT means "your request was lost"; later it is an error.
      if (this.transferSeq !== 0) {
        this.text(SEV_CRITICAL, 'WPM: REJ. CMD: Busy');
        return this.ack(R.ERROR);
      }
      return this.sendRequest(0);
    }
    // PX4 answers these early refusals to the previous transfer partner (a fresh vehicle: 0/0).
    if (this.transferInProgress) return this.ack(R.ERROR);
    const type = missionTypeFromCode(Number(d.missionType));
    this.typeCode = Number(d.missionType);
    this.transferCrc = 0;
    if (type === undefined || type === 'all') return this.ack(R.INVALID);
    if (d.count > this.maxItems[type]) return this.ack(R.NO_SPACE);
    if (d.count === 0) {
      this.store(type, [], 0); // count 0 clears
      return this.ack(R.ACCEPTED);
    }
    this.transferInProgress = true;
    this.state = 'getlist';
    this.transferSeq = 0;
    this.transferCount = d.count;
    this.transferCurrent = -1;
    this.transferItems = [];
    this.partner = from;
    this.sendRequest(0);
  }

  private onItem(d: common.MissionItemInt | common.MissionItem, from: Target, int: boolean): void {
    this.intMode = int;
    if (Number(d.missionType) !== this.typeCode) return this.ack(R.ERROR);
    if (this.state === 'idle') {
      // The GCS lost our final ACK and repeats the last item: ACK again, with the plan's id.
      if (this.transferSeq === d.seq + 1) return this.finalAck(R.ACCEPTED, this.transferCrc);
      this.text(SEV_CRITICAL, 'IGN MISSION_ITEM: No transfer');
      return this.ack(R.ERROR);
    }
    if (this.state === 'sendlist') {
      this.text(SEV_CRITICAL, 'IGN MISSION_ITEM: Busy');
      return this.ack(R.ERROR);
    }
    this.touch();
    if (d.seq !== this.transferSeq) return; // ignored silently, re-requested by the retry timer
    const type = missionTypeFromCode(this.typeCode) as MissionType;
    const item = fromWire(d, int, type);
    const verdict = parseVerdict(item, int);
    if (verdict !== R.ACCEPTED) {
      this.text(SEV_CRITICAL, 'IGN MISSION_ITEM: Invalid item');
      this.ack(verdict);
      return this.endUpload();
    }
    // The CRC runs over the fields as they arrived (legacy items: x/y as float degrees).
    this.transferCrc = crc32Part(opaqueRecord({ ...item, x: d.x, y: d.y }, !int), this.transferCrc);
    if (rejectedFor(type, item)) {
      this.ack(R.ERROR);
      return this.endUpload();
    }
    this.transferItems.push({ ...item }); // stored as received (PX4 keeps the frame; downloads normalise it)
    if (item.current) this.transferCurrent = d.seq;
    this.transferSeq = d.seq + 1;
    if (this.transferSeq < this.transferCount) {
      if (this.transferSeq === 1 && this.fault.fires('ackBeforeAllRequested')) {
        this.ack(R.ACCEPTED, this.transferCrc);
        return this.endUpload();
      }
      return this.sendRequest(this.transferSeq);
    }
    if (this.fault.fires('errorFinalAck')) {
      this.ack(R.ERROR);
      return this.endUpload();
    }
    if (this.transferCrc !== this.plans[type].opaqueId) {
      if (type === 'mission') this.current = Math.max(0, this.transferCurrent);
      this.store(type, this.transferItems, this.transferCrc);
    }
    this.goIdle();
    this.transferInProgress = false;
    this.finalAck(R.ACCEPTED, this.transferCrc);
  }

  private onClearAll(d: common.MissionClearAll): void {
    if (this.state !== 'idle') return this.text(SEV_CRITICAL, 'WPM: IGN CLEAR CMD: Busy');
    this.touch();
    this.typeCode = Number(d.missionType); // the ACK echoes it, 255 included
    const type = missionTypeFromCode(this.typeCode);
    for (const t of TYPES) if (type === 'all' || type === t) this.store(t, [], 0);
    this.ack(R.ACCEPTED);
  }

  // ── sending ──────────────────────────────────────────────────────────────────────────────

  private sendRequest(seq: number): void {
    this.armRetry();
    if ((seq === 0 && this.fault.fires('noRequest0')) || (seq === 1 && this.fault.fires('noRequest1'))) return;
    if ((seq === 0 && this.fault.fires('errorAckInsteadOfRequest0')) || (seq === 1 && this.fault.fires('errorAckInsteadOfRequest1'))) {
      this.ack(R.ERROR);
      return this.endUpload();
    }
    const wrong = (seq === 0 && this.fault.fires('requestWrongSeq0')) || (seq === 1 && this.fault.fires('requestWrongSeq1'));
    const asked = wrong ? seq + 1 : seq;
    this.send(this.intMode ? msg.missionRequestInt(this.partner, asked, this.typeCode) : msg.missionRequest(this.partner, asked, this.typeCode), this.partner.system);
  }

  private sendItem(seq: number, seqOnWire: number): void {
    const type = missionTypeFromCode(this.typeCode) as MissionType;
    const stored = this.plans[type].items[seq];
    if (!stored) return this.abortDownload(); // the plan shrank since MISSION_COUNT (PX4 re-checks too)
    const it = { ...normalise(stored), seq: seqOnWire, current: seq === this.current ? 1 : 0 };
    this.send(this.intMode ? toInt(it, this.partner) : toFloat(it, this.partner), this.partner.system);
  }

  private finalAck(result: common.MavMissionResult, opaqueId: number): void {
    // noFinalAck "first try only" swallows the first ACK; the repeat for a resent last item goes out.
    if (this.fault.fires('noFinalAck')) return;
    this.ack(result, opaqueId);
  }

  private ack(result: common.MavMissionResult, opaqueId = 0): void {
    this.send(msg.missionAck(this.partner, result, this.typeCode, opaqueId), this.partner.system || undefined);
  }

  private text(severity: number, text: string): void {
    if (this.options.statusText === false) return;
    // PX4 ends texts that are also events with a tab.
    this.send(msg.statusText(severity, `${text}\t`, this.textId++));
  }

  private send(m: MavLinkData, targetSysid?: number): void {
    if (this.fault.lose()) return;
    this.port.send(m, targetSysid).catch(() => undefined); // a closed link ends the conversation; nothing to report to
  }

  // ── state and timers ─────────────────────────────────────────────────────────────────────

  private touch(): void {
    this.lastRecvAt = this.clock.now();
    this.opTimer ??= this.clock.setTimer(this.timing.timeoutMs * this.timeScale(), () => this.checkTimeout());
  }

  private checkTimeout(): void {
    this.opTimer = undefined;
    if (this.state === 'idle') return;
    const left = this.lastRecvAt + this.timing.timeoutMs * this.timeScale() - this.clock.now();
    if (left > 0) {
      this.opTimer = this.clock.setTimer(left, () => this.checkTimeout());
      return;
    }
    this.text(SEV_CRITICAL, 'Operation timeout'); // and no MISSION_ACK (upload-faults a, h1)
    this.goIdle();
    this.transferInProgress = false;
  }

  private armRetry(): void {
    this.retryTimer?.cancel();
    this.retryTimer = this.clock.setTimer(this.timing.retryMs * this.timeScale(), () => {
      this.retryTimer = undefined;
      if (this.state === 'getlist') this.sendRequest(this.transferSeq);
    });
  }

  private goIdle(): void {
    this.state = 'idle';
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
  }

  private endUpload(): void {
    this.goIdle();
    this.transferInProgress = false;
  }

  private streamCurrent(): void {
    this.streamTimer = this.clock.setTimer(this.timing.currentIntervalMs, () => {
      this.send(this.missionCurrent());
      this.streamCurrent();
    });
  }

  private store(type: MissionType, items: MissionItem[], opaqueId: number): void {
    this.plans[type] = { items, opaqueId: opaqueId >>> 0 };
    if (type === 'mission' && this.current >= items.length) this.current = 0;
    // The vehicle gets the items with their uploaded frames: PX4's RTL reads a rally point's stored frame.
    this.options.onChange?.(type, this.plans[type].items.map((it) => ({ ...it })), opaqueId >>> 0);
  }

  private countOf(typeCode: number): number {
    const type = missionTypeFromCode(typeCode);
    return type && type !== 'all' ? this.plans[type].items.length : 0;
  }

  private idOf(typeCode: number): number {
    const type = missionTypeFromCode(typeCode);
    return type && type !== 'all' ? this.plans[type].opaqueId : 0;
  }
}

/** The fault names under the name the simulator's menu uses. */
export type { MissionFaultName as FaultName };
