/**
 * STATUSTEXT reassembly, pure. Texts longer than 50 bytes arrive as chunks sharing a non-zero `id`
 * with `chunk_seq` 0, 1, …; a chunk shorter than 50 bytes (a NUL inside the field) is the last.
 * id 0 means a single, complete message. Chunks still incomplete after
 * STATUSTEXT_CHUNK_TIMEOUT_MS are emitted as they are, marked `incomplete`.
 */

/** PX4 sends all chunks of one text back to back (same millisecond); 1 s tolerates radio jitter. */
export const STATUSTEXT_CHUNK_TIMEOUT_MS = 1_000;
/** How many reassembled texts a snapshot keeps (newest last). */
export const STATUSTEXT_RECENT_MAX = 50;
/** Texts being reassembled at once, per vehicle; the oldest is flushed beyond this. */
const MAX_PENDING = 8;
/** STATUSTEXT.text is char[50]. */
export const STATUSTEXT_CHUNK_LEN = 50;

export type SeverityName = 'EMERGENCY' | 'ALERT' | 'CRITICAL' | 'ERROR' | 'WARNING' | 'NOTICE' | 'INFO' | 'DEBUG';
const SEVERITIES: readonly SeverityName[] = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];

/** MAV_SEVERITY (RFC 5424) name. @example severityName(2) // "CRITICAL" */
export function severityName(severity: number): SeverityName {
  return SEVERITIES[Math.min(Math.max(Math.trunc(severity), 0), 7)]!;
}

export interface StatusTextEntry {
  /** Increases by one per emitted text on this vehicle: consumers find new ones by it. */
  serial: number;
  severity: number;
  severityName: SeverityName;
  text: string;
  /** Component that sent it (1 = autopilot). */
  compid: number;
  /** STATUSTEXT.id (0 for single-chunk texts). */
  id: number;
  chunks: number;
  /** True when chunks were missing (lost, or timed out before the last chunk). */
  incomplete: boolean;
  atMs: number;
}

interface PendingText {
  compid: number;
  id: number;
  severity: number;
  /** chunk_seq → raw (latin1-decoded) text. */
  chunks: Readonly<Record<number, string>>;
  firstAtMs: number;
}

export interface StatusTextLog {
  readonly recent: readonly StatusTextEntry[];
  readonly pending: readonly PendingText[];
  readonly nextSerial: number;
}

export const EMPTY_STATUSTEXT_LOG: StatusTextLog = { recent: [], pending: [], nextSerial: 1 };

export interface StatusTextChunk {
  compid: number;
  severity: number;
  /** As node-mavlink decodes char[]: one char per byte (latin1), trailing NULs removed. */
  text: string;
  id: number;
  chunkSeq: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turn the bytes of a reassembled text into a clean string: node-mavlink decodes char[] as latin1,
 * so UTF-8 from the vehicle arrives as mojibake ("Ã¤"); decode it as UTF-8 when it is valid UTF-8
 * (else keep latin1), and drop PX4's trailing tab (it marks texts PX4 also publishes as events).
 * @example cleanStatusText('Landing detected\t') // "Landing detected"
 */
export function cleanStatusText(latin1: string): string {
  const bytes = Buffer.from(latin1, 'latin1');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = latin1;
  }
  return text.replace(/\t$/, '');
}

/**
 * Add one STATUSTEXT chunk (and flush timed-out pending texts).
 * @example const log = reduceStatusText(EMPTY_STATUSTEXT_LOG, { compid: 1, severity: 6, text: 'Takeoff detected\t', id: 0, chunkSeq: 0 }, 1000)
 */
export function reduceStatusText(log: StatusTextLog, chunk: StatusTextChunk, nowMs: number): StatusTextLog {
  let next = expireStatusText(log, nowMs);
  // id 0 means "not chunked" in the spec, but PX4 starts its id counter at 0: its first long text
  // arrives as id 0, chunk_seq 0 (a full 50 chars) + id 0, chunk_seq 1 (commands trace, t = 3.095).
  if (chunk.id === 0 && chunk.chunkSeq === 0 && chunk.text.length < STATUSTEXT_CHUNK_LEN) {
    return emit(next, [{ compid: chunk.compid, id: 0, severity: chunk.severity, chunks: { 0: chunk.text }, firstAtMs: nowMs }], nowMs, 'last');
  }
  const i = next.pending.findIndex((p) => p.compid === chunk.compid && p.id === chunk.id);
  const base: PendingText = i >= 0 ? next.pending[i]! : { compid: chunk.compid, id: chunk.id, severity: chunk.severity, chunks: {}, firstAtMs: nowMs };
  if (base.chunks[chunk.chunkSeq] !== undefined) {
    // A repeated chunk_seq for a pending id: the vehicle reused the id for a new text. Flush the old one.
    next = emit({ ...next, pending: next.pending.filter((_, k) => k !== i) }, [base], nowMs, 'flushed');
    return reduceStatusText(next, chunk, nowMs);
  }
  const updated: PendingText = { ...base, chunks: { ...base.chunks, [chunk.chunkSeq]: chunk.text } };
  const others = next.pending.filter((_, k) => k !== i);
  if (chunk.text.length < STATUSTEXT_CHUNK_LEN) return emit({ ...next, pending: others }, [updated], nowMs, 'last');
  let pending = [...others, updated];
  let flushed: PendingText[] = [];
  if (pending.length > MAX_PENDING) {
    flushed = pending.slice(0, pending.length - MAX_PENDING);
    pending = pending.slice(-MAX_PENDING);
  }
  return emit({ ...next, pending }, flushed, nowMs, 'flushed');
}

/**
 * Emit pending texts whose first chunk is older than STATUSTEXT_CHUNK_TIMEOUT_MS (marked
 * incomplete: their last chunk never came). Returns `log` itself when nothing expired.
 * @example expireStatusText(log, nowMs)
 */
export function expireStatusText(log: StatusTextLog, nowMs: number): StatusTextLog {
  if (log.pending.length === 0) return log;
  const expired = log.pending.filter((p) => nowMs - p.firstAtMs >= STATUSTEXT_CHUNK_TIMEOUT_MS);
  if (expired.length === 0) return log;
  return emit({ ...log, pending: log.pending.filter((p) => !expired.includes(p)) }, expired, nowMs, 'timedOut');
}

/** 'last': the final chunk arrived; 'flushed' / 'timedOut': emitted without it. */
function emit(log: StatusTextLog, texts: readonly PendingText[], nowMs: number, why: 'last' | 'flushed' | 'timedOut'): StatusTextLog {
  if (texts.length === 0) return log;
  let serial = log.nextSerial;
  const entries = texts.map((p): StatusTextEntry => {
    const seqs = Object.keys(p.chunks)
      .map(Number)
      .sort((a, b) => a - b);
    const last = seqs.at(-1) ?? 0;
    const complete = why === 'last' && seqs.length === last + 1;
    return {
      serial: serial++,
      severity: p.severity,
      severityName: severityName(p.severity),
      text: cleanStatusText(seqs.map((s) => p.chunks[s]).join('')),
      compid: p.compid,
      id: p.id,
      chunks: seqs.length,
      incomplete: !complete,
      atMs: why === 'last' ? nowMs : p.firstAtMs,
    };
  });
  const recent = [...log.recent, ...entries].slice(-STATUSTEXT_RECENT_MAX);
  return { recent, pending: log.pending, nextSerial: serial };
}
