import { cleanLogText } from './clean-log-text.js';
import { demuxDockerLog } from './demux-docker-log.js';
import type { LogLine } from './docker-snapshot.js';
import { jsonLogMessage } from './json-log-message.js';
import { truncateText } from './truncate-text.js';

// `timestamps=1` prefixes every line with RFC 3339 nano time and a space.
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

/**
 * Pure: the body of a `logs?tail=N&timestamps=1` request → the last non-blank line,
 * cleaned, its JSON `message` shown instead of the raw object, cut to `maxLength`.
 * Null when the container wrote nothing (an idle QFieldCloud worker: that is normal).
 */
export function lastLogLine(
  body: Buffer,
  options: { tty: boolean; maxLength: number },
): LogLine | null {
  const lines: { stream: LogLine['stream']; raw: string }[] = [];
  for (const chunk of demuxDockerLog(body, options.tty)) {
    for (const raw of chunk.text.split('\n')) lines.push({ stream: chunk.stream, raw });
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line === undefined) continue;
    let raw = line.raw;
    let at: number | null = null;
    const stamp = TIMESTAMP.exec(raw);
    if (stamp?.[1] !== undefined) {
      const parsed = Date.parse(stamp[1]);
      at = Number.isFinite(parsed) ? parsed : null;
      raw = raw.slice(stamp[0].length);
    }
    const cleaned = cleanLogText(raw);
    if (cleaned === '') continue;
    const json = jsonLogMessage(cleaned);
    const message = json === null ? '' : cleanLogText(json.message);
    const { text, truncated } = truncateText(message === '' ? cleaned : message, options.maxLength);
    return { text, stream: line.stream, at, level: json?.level ?? null, truncated };
  }
  return null;
}
