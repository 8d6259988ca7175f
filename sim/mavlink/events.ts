/**
 * PX4's structured EVENTs (msg 410) for the things the simulator announces. Ids, log levels and
 * argument layouts come from ../shared/px4/events-seen.json and the recorded EVENTs. PX4 sends EVENTs
 * whether or not a GCS is connected, which is how a GCS learns about a link loss afterwards
 * ("Connection to ground control station lost" has no STATUSTEXT). Pure.
 */
export interface EventSpec {
  id: number;
  /** low nibble: external log level, high nibble: internal (as recorded) */
  logLevels: number;
  /** little-endian argument bytes (≤ 40) */
  args: number[];
}

const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
const le16 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff];
const f32 = (v: number): number[] => {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, v, true);
  return [b.getUint8(0), b.getUint8(1), b.getUint8(2), b.getUint8(3)];
};
const plain = (id: number, logLevels = 102): EventSpec => ({ id, logLevels, args: [] });

/** arm_disarm_reason_t values seen: 4 external command, 6 landing; 7 preflight (PX4 enum order). */
const REASON: Record<string, number> = { 'external command': 4, landing: 6, 'auto preflight disarming': 7 };

/** STATUSTEXT (without the trailing tab) → the EVENT PX4 publishes with it. */
const BY_TEXT: [RegExp, (m: RegExpExecArray) => EventSpec][] = [
  [/^Arming denied: Resolve system health failures first$/, () => plain(16910493, 98)],
  [/^Armed by (.+)$/, (m) => ({ id: 26266355, logLevels: 102, args: [REASON[m[1]!] ?? 4] })],
  [/^Disarmed by (.+)$/, (m) => ({ id: 32794487, logLevels: 102, args: [REASON[m[1]!] ?? 4] })],
  [/^Takeoff detected$/, () => plain(21054825)],
  [/^Landing detected$/, () => plain(26622124)],
  [/^Executing Mission$/, () => plain(32375217)],
  [/^Climb to ([\d.]+) meters above home$/, (m) => ({ id: 24986204, logLevels: 102, args: f32(Number(m[1])) })],
  [/^Mission finished, landed$/, () => plain(24580612)],
  [/^Returning to launch$/, () => plain(20262116)],
  [/^RTL: start return at (-?\d+) m \((-?\d+) m above destination\)$/, (m) => ({ id: 22161044, logLevels: 102, args: [...le32(Number(m[1])), ...le32(Number(m[2]))] })],
  [/^RTL: land at destination$/, () => plain(16962474)],
  [/^Disarming denied: not landed$/, () => plain(25868725, 98)],
  [/^Mission start denied! No valid mission$/, () => plain(23844490, 98)],
  [/^Geofence violation for waypoint (\d+)$/, (m) => ({ id: 19608877, logLevels: 99, args: le16(Number(m[1])) })],
  [/^Geofence: approaching or outside geofence$/, () => ({ id: 16920235, logLevels: 51, args: [255, 255, 255, 255, 20] })],
  [/^Low battery$/, () => ({ id: 21826980, logLevels: 68, args: [255, 255, 255, 255, 11] })],
  [/^Critical battery$/, () => ({ id: 19404811, logLevels: 34, args: [255, 255, 255, 255, 11] })],
  [/^Emergency battery level$/, () => ({ id: 28121863, logLevels: 34, args: [255, 255, 255, 255, 11] })],
  [/^System does not support shutdown$/, () => plain(22624381, 48)],
  [/^GCS connection regained$/, () => plain(31011876)],
  [/^Operation timeout$/, () => plain(25297520, 51)],
  [/^IGN MISSION_ITEM: Invalid item$/, () => plain(33469040, 51)],
  [/^WPM: REJ\. CMD: Busy$/, () => plain(21573515, 51)],
  [/^IGN MISSION_ITEM: No transfer$/, () => plain(17216882, 51)],
  [/^WPM: REJ\. CMD: Req\. WP was unexpected$/, () => plain(23752078, 51)],
];

/**
 * The EVENT for a STATUSTEXT, or undefined when PX4 publishes none we know.
 * @example eventForText('Takeoff detected\t') // { id: 21054825, logLevels: 102, args: [] }
 */
export function eventForText(text: string): EventSpec | undefined {
  const t = text.replace(/\t$/, '');
  for (const [re, make] of BY_TEXT) {
    const m = re.exec(t);
    if (m) return make(m);
  }
  return undefined;
}

/** EVENTs without a STATUSTEXT (link-loss: the GCS counts as disconnected). */
export const SILENT_EVENTS = {
  gcsLost: plain(27571288, 100),
} as const;

/**
 * Every event id the simulator can send. PX4 also sends the arming-check and health summaries, the
 * check_modes_* reports and the failsafe_enter* family; the simulator does not.
 */
export const MODELLED_EVENT_IDS: ReadonlySet<number> = new Set([
  16910493, 26266355, 32794487, 21054825, 26622124, 32375217, 24986204, 24580612, 20262116, 22161044, 16962474, 25868725, 23844490, 19608877,
  16920235, 21826980, 19404811, 28121863, 22624381, 31011876, 25297520, 33469040, 21573515, 17216882, 23752078, 27571288,
]);
