/**
 * The JetStream side of the bus's events (nats-bus.ts): the stream that keeps them over a NATS
 * outage, whether the server still has it, and the per-publisher watermark that hands every event
 * on once whichever way it came (stream, core NATS, or both while a bus moves between them).
 */
import { DiscardPolicy, ErrorCode, nanos, RetentionPolicy, StorageType, type JetStreamClient, type NatsConnection } from 'nats';

/** The JetStream stream that keeps events over an outage (long enough for any outage worth replaying). */
export const EVENTS_STREAM = 'ELBFLUG_EVENTS';
export const SUBJECT_EVENTS = 'elbflug.evt';
const EVENTS_MAX_AGE_MS = 60 * 60_000;
/** Resent after a failed publish (NATS down): the stream drops duplicates within this window. */
const EVENTS_DUPLICATE_WINDOW_MS = 10 * 60_000;
/** Publishers (instance runs) whose last event number is remembered; the oldest is forgotten beyond. */
const WATERMARKS_MAX = 10_000;

/** Creates (or updates) the events stream; `why` when the server has no JetStream (or it did not answer). */
export async function eventStream(nc: NatsConnection): Promise<{ js: JetStreamClient; lastSeq: number; created: string } | { why: string }> {
  let jsm;
  try {
    jsm = await nc.jetstreamManager({ timeout: 5_000 });
  } catch (e) {
    return { why: (e as Error).message || String(e) }; // "JetStream not enabled" / no responders / timeout
  }
  const config = {
    name: EVENTS_STREAM,
    subjects: [SUBJECT_EVENTS],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(EVENTS_MAX_AGE_MS),
    duplicate_window: nanos(EVENTS_DUPLICATE_WINDOW_MS),
  };
  // Several instances start together: one adds it, the others find it (add is idempotent for the same config).
  const info = await jsm.streams.add(config).catch(() => jsm.streams.update(EVENTS_STREAM, config));
  return { js: nc.jetstream(), lastSeq: info.state.last_seq, created: info.created };
}

/**
 * Whether the server has definitely lost the events stream: its answer says JetStream is off (no
 * responders: a nats-server restarted without -js) or the stream is not found (deleted): `lost`.
 * Otherwise when the stream was created (undefined when the server did not answer: an outage
 * tells nothing, the outbox keeps the events and the next check asks again).
 */
export async function streamLost(nc: NatsConnection): Promise<{ lost: string } | { created: string | undefined }> {
  try {
    const jsm = await nc.jetstreamManager({ timeout: 5_000 });
    return { created: (await jsm.streams.info(EVENTS_STREAM)).created };
  } catch (e) {
    const lost = lostBecause(e);
    return lost === undefined ? { created: undefined } : { lost };
  }
}

/** The reason for an error that says the stream is gone; undefined for any other (a timeout, a closed connection). */
export function lostBecause(e: unknown): string | undefined {
  const err = e as { code?: string; message?: string };
  if (err.code === ErrorCode.JetStreamNotEnabled || err.code === ErrorCode.NoResponders) return 'the server answers without JetStream (no responders)';
  if (err.code === '404' && /stream not found/i.test(err.message ?? '')) return `the stream ${EVENTS_STREAM} is gone (stream not found)`;
  return undefined;
}

export const noJetStreamReason = (why: string, recheckMs: number): string =>
  `events are not durable over a NATS outage: JetStream is not available (${why}); start nats-server with -js — this instance asks again at every reconnect and every ${Math.round(recheckMs / 1000)} s and then switches to the durable stream by itself`;

/**
 * Hands each event on once: a publisher's events (one instance run: name and boot) carry increasing
 * numbers and come in that order on each path, so one at or below the highest handed on is a
 * repeat — an outbox resend that a failed attempt had delivered after all, or the same event over
 * core NATS and the stream while a bus moves from one to the other.
 */
export class EventWatermark {
  private readonly last = new Map<string, number>();

  /** True the first time (publisher, boot, n) comes, false for a repeat (core NATS: in publish order). */
  fresh(o: string, boot: string, n: number): boolean {
    const last = this.last.get(key(o, boot));
    if (last !== undefined && n <= last) return false;
    this.raise(o, boot, n);
    return true;
  }

  /** Remembers n as handed on (the stream: each event stored once; never lowers the mark). */
  raise(o: string, boot: string, n: number): void {
    const k = key(o, boot);
    const last = this.last.get(k);
    this.last.delete(k); // re-inserted last: the map's order is least recently heard first
    this.last.set(k, last !== undefined && last > n ? last : n);
    if (this.last.size > WATERMARKS_MAX) this.last.delete(this.last.keys().next().value!);
  }
}

const key = (o: string, boot: string): string => `${o}\u0000${boot}`;
