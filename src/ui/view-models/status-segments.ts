import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { Segment } from './segment.js';
import { sourceAge } from './source-age.js';
import { verdictLevel } from './verdict-level.js';

/** The store runs probes at most every 10 s (it must not hammer other people's services). */
const PROBE_PERIOD_MS = 10_000;

/**
 * The first status bar line: target (with its place in the fleet when several targets
 * are open: `host2 (2/3)`), verdict, the READ-ONLY and PAUSED badges (always shown when
 * on: they come before anything a narrow terminal may cut), each source's data age and
 * the refresh interval.
 */
export function statusSegments(
  s: AppSnapshot,
  now: number,
  fleet?: { readonly index: number; readonly count: number },
): Segment[] {
  const fresh = s.intervalMs * 2 + 1000;
  const sep: Segment = { text: ' · ', dim: true };
  const place = fleet === undefined ? '' : ` (${String(fleet.index + 1)}/${String(fleet.count)})`;
  const parts: Segment[] = [
    { text: 'jobdeck', bold: true },
    { text: ` ${s.target}${place} ` },
    s.verdict === null
      ? { text: 'checking…', dim: true }
      : { text: s.verdict, level: verdictLevel(s.verdict), bold: true },
  ];
  if (s.readOnly) {
    parts.push({ text: ' ' }, { text: ' READ-ONLY ', level: 'warn', inverse: true, bold: true });
  }
  if (s.paused) {
    parts.push({ text: ' ' }, { text: ' PAUSED ', level: 'unknown', inverse: true, bold: true });
  }
  const capacity = s.alerts?.capacity ?? null;
  if (capacity !== null) {
    const attention = capacity.verdict === 'CONSIDER' || capacity.verdict === 'INVESTIGATE';
    parts.push(sep, {
      text: `capacity ${capacity.verdict}`,
      ...(attention ? { level: 'warn' as const } : { dim: true }),
    });
  }
  const every = s.intervalMs % 1000 === 0 ? `${s.intervalMs / 1000}s` : `${s.intervalMs}ms`;
  parts.push(
    sep,
    sourceAge('queue', s.queue, now, fresh),
    sep,
    sourceAge(s.servicesProvider ?? 'docker', s.docker, now, fresh),
    sep,
    sourceAge('probes', s.probes, now, Math.max(PROBE_PERIOD_MS, s.intervalMs) * 3),
    sep,
    { text: `every ${every}`, dim: true },
  );
  return parts;
}
