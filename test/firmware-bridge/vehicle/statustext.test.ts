/** STATUSTEXT reassembly tables (pure). */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_STATUSTEXT_LOG,
  STATUSTEXT_CHUNK_TIMEOUT_MS,
  STATUSTEXT_RECENT_MAX,
  cleanStatusText,
  expireStatusText,
  reduceStatusText,
  severityName,
  type StatusTextChunk,
  type StatusTextLog,
} from '../../../firmware-bridge/vehicle/statustext.js';

const chunk = (text: string, id = 0, chunkSeq = 0, severity = 6, compid = 1): StatusTextChunk => ({ compid, severity, text, id, chunkSeq });
const feed = (chunks: StatusTextChunk[], t0 = 1000, log: StatusTextLog = EMPTY_STATUSTEXT_LOG): StatusTextLog =>
  chunks.reduce((l, c, i) => reduceStatusText(l, c, t0 + i), log);
const texts = (log: StatusTextLog) => log.recent.map((e) => e.text);
const RTL_50 = 'RTL: start return at 40 m (30 m above destination)';

describe('STATUSTEXT', () => {
  it.each([
    ['Armed by external command\t', 'Armed by external command'],
    ['Geofence: approaching or outside geofence', 'Geofence: approaching or outside geofence'],
    ['tab\tinside\t', 'tab\tinside'],
    ['Temperatur 25 \u00c2\u00b0C', 'Temperatur 25 °C'], // UTF-8 bytes decoded as latin1 by node-mavlink
    ['Gr\u00fc\u00dfe', 'Grüße'], // genuine latin1 (not valid UTF-8) stays as it is
  ])('cleanStatusText(%j) → %j', (raw, clean) => {
    expect(cleanStatusText(raw)).toBe(clean);
  });

  it.each([
    [0, 'EMERGENCY'],
    [2, 'CRITICAL'],
    [4, 'WARNING'],
    [6, 'INFO'],
    [7, 'DEBUG'],
  ])('severity %i is %s', (n, name) => expect(severityName(n)).toBe(name));

  it('id 0 is complete at once', () => {
    const log = feed([chunk('Armed by external command\t')]);
    expect(log.recent).toEqual([
      { serial: 1, severity: 6, severityName: 'INFO', text: 'Armed by external command', compid: 1, id: 0, chunks: 1, incomplete: false, atMs: 1000 },
    ]);
    expect(log.pending).toEqual([]);
  });

  it('PX4 reuses id 0 for its first long text: a full 50-char id-0 chunk waits for chunk 1 (commands t = 3.095)', () => {
    const log = feed([chunk('Arming denied: Resolve system health failures firs', 0, 0, 2), chunk('t\t', 0, 1, 2), chunk('Arming denied: Resolve system health failures firs', 1, 0, 2), chunk('t\t', 1, 1, 2)]);
    expect(log.recent).toMatchObject([
      { text: 'Arming denied: Resolve system health failures first', id: 0, chunks: 2, incomplete: false, severityName: 'CRITICAL' },
      { text: 'Arming denied: Resolve system health failures first', id: 1, chunks: 2, incomplete: false },
    ]);
  });

  it('a short text with an id is complete (its field holds a NUL)', () => {
    expect(texts(feed([chunk('Takeoff detected\t', 1)]))).toEqual(['Takeoff detected']);
  });

  it('PX4 two-chunk text (50 chars + tab) is joined and the tab stripped', () => {
    const log = feed([chunk(RTL_50, 3, 0), chunk('\t', 3, 1)]);
    expect(log.recent).toMatchObject([{ text: RTL_50, id: 3, chunks: 2, incomplete: false }]);
  });

  it('a full 50-char chunk waits for the next; interleaved ids are kept apart', () => {
    const a = 'A'.repeat(50);
    const b = 'B'.repeat(50);
    let log = feed([chunk(a, 7, 0), chunk(b, 8, 0)]);
    expect(log.recent).toEqual([]);
    expect(log.pending).toHaveLength(2);
    log = feed([chunk('b-end', 8, 1), chunk('a-end', 7, 1)], 1500, log);
    expect(texts(log)).toEqual([`${b}b-end`, `${a}a-end`]);
  });

  it('a multi-byte UTF-8 character split across chunks survives', () => {
    const bytes = Buffer.from(`${'x'.repeat(49)}ä and more`, 'utf8');
    const c0 = bytes.subarray(0, 50).toString('latin1');
    const c1 = bytes.subarray(50).toString('latin1');
    expect(texts(feed([chunk(c0, 4, 0), chunk(c1, 4, 1)]))).toEqual([`${'x'.repeat(49)}ä and more`]);
  });

  it('chunks arriving out of order are put in chunk_seq order', () => {
    expect(texts(feed([chunk('C'.repeat(50), 5, 1), chunk('A'.repeat(50), 5, 0), chunk('end', 5, 2)]))).toEqual([`${'A'.repeat(50)}${'C'.repeat(50)}end`]);
  });

  it('a missing middle chunk is emitted with the last one, marked incomplete', () => {
    expect(feed([chunk('A'.repeat(50), 6, 0), chunk('end', 6, 2)]).recent).toMatchObject([{ text: `${'A'.repeat(50)}end`, incomplete: true, chunks: 2 }]);
  });

  it('a lost last chunk: emitted incomplete after the chunk timeout', () => {
    const log = feed([chunk(RTL_50, 9, 0)]);
    expect(expireStatusText(log, 1000 + STATUSTEXT_CHUNK_TIMEOUT_MS - 1)).toBe(log);
    const later = expireStatusText(log, 1000 + STATUSTEXT_CHUNK_TIMEOUT_MS);
    expect(later.recent).toMatchObject([{ text: RTL_50, incomplete: true, atMs: 1000 }]);
    expect(later.pending).toEqual([]);
  });

  it('an id reused for a new text flushes the old pending one', () => {
    const log = feed([chunk('A'.repeat(50), 2, 0), chunk('new text', 2, 0)]);
    expect(log.recent).toMatchObject([
      { text: 'A'.repeat(50), incomplete: true },
      { text: 'new text', incomplete: false },
    ]);
  });

  it('keeps a bounded recent list with increasing serials', () => {
    const log = feed(Array.from({ length: STATUSTEXT_RECENT_MAX + 5 }, (_, i) => chunk(`t${i}`)));
    expect(log.recent).toHaveLength(STATUSTEXT_RECENT_MAX);
    expect(log.recent[0]!.text).toBe('t5');
    expect(log.recent.at(-1)!.serial).toBe(STATUSTEXT_RECENT_MAX + 5);
    expect(log.nextSerial).toBe(STATUSTEXT_RECENT_MAX + 6);
  });

  it('does not mutate its input', () => {
    const log = feed([chunk('A'.repeat(50), 1, 0)]);
    const copy = structuredClone(log);
    reduceStatusText(log, chunk('end', 1, 1), 5000);
    expireStatusText(log, 99_999);
    expect(log).toEqual(copy);
  });
});
