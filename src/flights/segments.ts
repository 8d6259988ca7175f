/**
 * Which tlog segments hold a flight. The fleet starts a new tlog per link and service run
 * (`<link>-<ISO time>.tlog`), so a flight that continued across a restart (or a kill -9) spans its
 * own segment and every later one of the same link that began before the flight ended. Pure.
 */

const STAMP = /^(.*)-(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-(\d\d)-(\d{3})Z\.tlog$/;

/** "sim-2026-12-07T12-32-20-123Z.tlog" → link "sim", start ms; undefined for other names. */
export function parseSegmentName(name: string): { link: string; startMs: number } | undefined {
  const m = STAMP.exec(name);
  if (!m) return undefined;
  const startMs = Date.parse(`${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isFinite(startMs) ? { link: m[1]!, startMs } : undefined;
}

/**
 * The segments to replay, in order: the flight's own (`first`) and each later one of its link that
 * started before `endMs` (all later ones while the flight has not ended).
 * @example flightSegments('sim-2026-01-01T10-00-00-000Z.tlog', ['sim-2026-01-01T10-00-00-000Z.tlog', 'sim-2026-01-01T10-05-00-000Z.tlog'], null) // both
 */
export function flightSegments(first: string, names: readonly string[], endMs: number | null): string[] {
  const own = parseSegmentName(first);
  if (!own) return [first];
  const later = names
    .map((n) => ({ n, p: parseSegmentName(n) }))
    .filter(({ n, p }) => n !== first && p !== undefined && p.link === own.link && p.startMs > own.startMs && (endMs === null || p.startMs <= endMs))
    .sort((a, b) => a.p!.startMs - b.p!.startMs)
    .map(({ n }) => n);
  return [first, ...later];
}
