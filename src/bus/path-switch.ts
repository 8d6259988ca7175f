/**
 * While a bus's event subscription moves from core NATS to the JetStream stream (nats-bus.ts,
 * `switchToStream`), both paths deliver for a moment: this hands on each event (publisher, number)
 * by whichever path brings it first and skips the other path's copy.
 */

type Path = 'core' | 'stream';
/** Events remembered while the subscription moves (both deliver meanwhile). */
const SWITCH_SEEN_MAX = 10_000;

export class PathSwitch {
  /**
   * Publisher → event number → the path that handed it on first. A publisher's events come in its
   * order on both paths, so once the stream hands on number n of a publisher, its remembered core
   * events below n are forgotten (some were before the stream's start and never come again): the
   * memory empties by itself.
   */
  private seen: Map<string, Map<number, Path>> | undefined;
  private remembered = 0;

  /** Before the stream's end is read: core events from now on may come again from the stream. */
  begin(): void {
    this.seen = new Map();
    this.remembered = 0;
  }

  /** The switch did not happen. */
  abort(): void {
    this.seen = undefined;
  }

  /** The core subscription has ended: what the stream handed on first needs no memory now. */
  coreEnded(): void {
    for (const [o, byN] of this.seen ?? []) {
      for (const [n, from] of byN) if (from === 'stream') byN.delete(n);
      if (byN.size === 0) this.seen?.delete(o);
    }
    if (this.seen?.size === 0) this.seen = undefined;
  }

  /** Hands `data` to `cb` unless the other path handed on the same event; `coreActive`: the core subscription still runs. */
  pass(path: Path, data: Uint8Array, coreActive: boolean, cb: (data: Uint8Array) => void): void {
    const seen = this.seen;
    const t = seen && parseOrigin(data);
    if (!seen || !t) return cb(data);
    const byN = seen.get(t.o) ?? new Map<number, Path>();
    seen.set(t.o, byN);
    const first = byN.get(t.n);
    const repeat = first !== undefined && first !== path;
    if (repeat) byN.delete(t.n);
    else if (path === 'core' || coreActive) {
      if (this.remembered++ < SWITCH_SEEN_MAX) byN.set(t.n, path);
    }
    if (path === 'stream') for (const [n, from] of byN) if (from === 'core' && n < t.n) byN.delete(n);
    if (byN.size === 0) seen.delete(t.o);
    if (seen.size === 0 && !coreActive && path === 'stream') this.seen = undefined;
    if (!repeat) cb(data);
  }
}

const dec = new TextDecoder();

function parseOrigin(data: Uint8Array): { o: string; n: number } | undefined {
  try {
    const t = JSON.parse(dec.decode(data)) as { o?: unknown; n?: unknown } | null;
    return t && typeof t.o === 'string' && typeof t.n === 'number' ? { o: t.o, n: t.n } : undefined;
  } catch {
    return undefined; // not ours: the caller's parser drops it
  }
}
