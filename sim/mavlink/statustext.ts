/**
 * PX4's STATUSTEXT delivery: texts longer than 50 characters are split into chunks with one `id`
 * and chunk_seq 0, 1, …; every text takes the next id (the traces show id 0, 1, 2, … per text).
 * Texts are only sent while the GCS counts as connected; older than 5 s they are dropped, not
 * queued (README: link-loss, and the first texts ≈2 s after the client's first heartbeat). Pure.
 */
export const STATUSTEXT_CHUNK = 50;
export const STATUSTEXT_MAX_AGE_S = 5;
/** The GCS counts as connected ≈2 s after its first heartbeat (commands 3.1 s, link-loss 3.65 s). */
export const FIRST_CONNECT_DELAY_S = 2.0;

export interface TextChunk {
  severity: number;
  text: string;
  id: number;
  chunkSeq: number;
}

/**
 * Split one text into STATUSTEXT chunks.
 * @example chunkText(6, 'RTL: start return at 40 m (30 m above destination)\t', 3)
 *   // [{text:'RTL: start return at 40 m (30 m above destination)', id:3, chunkSeq:0}, {text:'\t', id:3, chunkSeq:1}]
 */
export function chunkText(severity: number, text: string, id: number): TextChunk[] {
  const out: TextChunk[] = [];
  for (let i = 0, seq = 0; i < text.length || seq === 0; i += STATUSTEXT_CHUNK, seq++) {
    out.push({ severity, text: text.slice(i, i + STATUSTEXT_CHUNK), id: id & 0xffff, chunkSeq: seq });
  }
  return out;
}

interface Pending {
  severity: number;
  text: string;
  atS: number;
}

/** Per-vehicle text queue: push texts, take what may be sent now. */
export class StatusTextQueue {
  private nextId = 0;
  private readonly pending: Pending[] = [];

  push(severity: number, text: string, nowS: number): void {
    this.pending.push({ severity, text, atS: nowS });
  }

  /** Chunks to send now (empty while disconnected; stale texts are dropped either way). */
  take(nowS: number, connected: boolean): TextChunk[] {
    while (this.pending.length > 0 && nowS - this.pending[0]!.atS > STATUSTEXT_MAX_AGE_S) this.pending.shift();
    if (!connected || this.pending.length === 0) return [];
    const out: TextChunk[] = [];
    for (const p of this.pending.splice(0)) out.push(...chunkText(p.severity, p.text, this.nextId++));
    return out;
  }
}
