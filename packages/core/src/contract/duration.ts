/**
 * Durations as people write them in a contract: a number and a unit, `90m`, `36h`, `2d`, `1w`, or a
 * sum of those (`1d12h`). Kept to whole units a reader cannot misread; no months or years, whose
 * length varies.
 */
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION_PATTERN = /^(\d+(?:\.\d+)?[smhdw])+$/;
const PART_PATTERN = /(\d+(?:\.\d+)?)([smhdw])/g;

/** Milliseconds in `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, "");
  if (!DURATION_PATTERN.test(compact)) return undefined;
  let total = 0;
  for (const match of compact.matchAll(PART_PATTERN)) {
    total += Number(match[1]) * UNIT_MS[match[2] as Unit];
  }
  return total;
}

/** A duration in the largest units that keep it readable: `2d 3h`, `45m`, `12s`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let rest = Math.round(Math.abs(ms) / 1000) * 1000;
  if (rest === 0) return "0s";
  const parts: string[] = [];
  for (const unit of ["d", "h", "m", "s"] as const) {
    const size = UNIT_MS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
    if (parts.length === 2) break;
  }
  return sign + parts.join(" ");
}
