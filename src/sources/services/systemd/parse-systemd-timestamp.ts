// `Sun 2026-12-06 10:11:12 UTC`, `2026-12-06 10:11:12.345678 +0100` (--timestamp=us).
const TIMESTAMP =
  /^(?:[A-Z][a-z]{2} )?(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\S+)$/;

/** The offset of a zone in minutes east of UTC, null for an abbreviation that names none. */
function zoneOffsetMinutes(zone: string): number | null {
  if (zone === 'UTC' || zone === 'GMT' || zone === 'Z') return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric === null) return null;
  const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
  return numeric[1] === '-' ? -minutes : minutes;
}

/**
 * Pure: a timestamp as systemctl prints it → epoch ms. Null when it is unset (empty,
 * `n/a`) or in a local zone abbreviation (`CET`), which does not say its offset: the
 * default runner sets TZ=UTC so that does not happen. Undefined when the text is not a
 * timestamp at all, which the unit schema reports as unexpected output.
 */
export function parseSystemdTimestamp(text: string): number | null | undefined {
  if (text === '' || text === 'n/a') return null;
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const offset = zoneOffsetMinutes(zone ?? '');
  if (offset === null) return null;
  const ms = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Math.floor(Number(`0.${fraction ?? '0'}`) * 1000),
  );
  const epoch = ms - offset * 60_000;
  return Number.isFinite(epoch) ? epoch : undefined;
}
