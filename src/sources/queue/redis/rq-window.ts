import { parseRqTimestamp } from './parse-rq-timestamp.js';
import { RQ_DEFAULT_FAILURE_TTL_S } from './rq-default-failure-ttl.js';
import type { RqRawDone } from './rq-raw-state.js';
import { compareText } from '../../../shared/compare-text.js';

export type DoneKind = 'finished' | 'failed';

export interface RqWindowEntry {
  readonly id: string;
  readonly queue: string;
  readonly success: boolean;
  /** When the job ended (epoch ms, the worker's clock). */
  readonly endMs: number;
  /** Seconds from enqueue to start, null when a timestamp is missing. */
  readonly waitS: number | null;
  /** Seconds from start to end, null when a timestamp is missing. */
  readonly runS: number | null;
}

/**
 * Completions and failures in the window, kept across refreshes. rq keeps a finished job
 * only for its result ttl (500 s by default, Frappe 600 s), shorter than the one-hour
 * window, so the window must be remembered here rather than recounted from Redis.
 *
 * A registry score is `end + ttl` (queues.md §1.2). A job that ends after the previous
 * refresh therefore has a score of at least `previousNow + ttl`; with `minTtl` the
 * smallest ttl seen in that registry, reading scores from `previousNow − slack + minTtl`
 * upward finds every new member while skipping the old ones, so each refresh reads only
 * the hashes of jobs that ended since the last one. `slack` absorbs worker clocks behind
 * Redis's clock (scores use the worker's clock). A job whose ttl is smaller than every
 * ttl seen before in its registry can be missed; `result_ttl = -1` (+inf) entries are
 * skipped because their score says nothing about when they ended.
 */
export class RqWindow {
  private readonly entries = new Map<string, RqWindowEntry>();
  private readonly minTtl = new Map<string, number>();
  /** Per registry: members already read (id → score text) at or above the next lower bound. */
  private readonly seen = new Map<string, Map<string, string>>();
  private lastNowS: number | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly slackS = 10,
  ) {}

  /**
   * What the next read needs (ARGV `lower` and `known`): the lowest score to read per
   * registry, and the members at or above it that were already read, so the script reads
   * the hashes of new members only (the slack would otherwise re-read the last seconds'
   * completions on every refresh).
   */
  request(queues: readonly string[]): {
    lower: Record<string, Partial<Record<DoneKind, number>>>;
    known: Record<string, Partial<Record<DoneKind, { n: number; ids: Record<string, string> }>>>;
  } {
    const lower: Record<string, Partial<Record<DoneKind, number>>> = {};
    const known: Record<
      string,
      Partial<Record<DoneKind, { n: number; ids: Record<string, string> }>>
    > = {};
    if (this.lastNowS === null) return { lower, known };
    for (const queue of queues) {
      const bounds: Partial<Record<DoneKind, number>> = {};
      const ids: Partial<Record<DoneKind, { n: number; ids: Record<string, string> }>> = {};
      for (const kind of ['finished', 'failed'] as const) {
        const bound = this.bound(queue, kind);
        bounds[kind] = bound;
        const seen = this.seen.get(`${kind}\u0000${queue}`);
        if (seen === undefined || seen.size === 0) continue;
        const out: Record<string, string> = {};
        let n = 0;
        for (const [id, score] of seen) {
          if (Number(score) >= bound) {
            out[id] = score;
            n++;
          }
        }
        if (n > 0) ids[kind] = { n, ids: out };
      }
      lower[queue] = bounds;
      if (ids.finished !== undefined || ids.failed !== undefined) known[queue] = ids;
    }
    return { lower, known };
  }

  /** Records one registry read: the members new since the last refresh (or rerun since). */
  apply(queue: string, kind: DoneKind, rows: readonly RqRawDone[], nowS: number): void {
    const sinceMs = nowS * 1000 - this.windowMs;
    const key = `${kind}\u0000${queue}`;
    let seen = this.seen.get(key);
    if (seen === undefined) {
      seen = new Map();
      this.seen.set(key, seen);
    }
    for (const row of rows) {
      const { id, score: scoreText, found, endedAt, startedAt, enqueuedAt, ttl: ttlText } = row;
      seen.set(id, scoreText);
      const score = Number(scoreText);
      if (found === 0 || !Number.isFinite(score)) continue;
      let endMs = parseRqTimestamp(endedAt);
      const ttlField = ttlText === null || ttlText === '' ? null : Number(ttlText);
      if (endMs === null) {
        // rq 1.x's abandoned-job cleanup (and ours) leaves ended_at empty; the failed
        // registry score is then the move time + failure_ttl.
        if (kind !== 'failed') continue;
        const ttl = ttlField ?? RQ_DEFAULT_FAILURE_TTL_S;
        if (!Number.isFinite(ttl) || ttl < 0) continue;
        endMs = (score - ttl) * 1000;
      }
      const observedTtl = score - endMs / 1000;
      if (Number.isFinite(observedTtl)) {
        const prev = this.minTtl.get(key);
        // Scores are whole seconds; the floor keeps the bound at or below the true score.
        const ttl = Math.max(0, Math.floor(observedTtl));
        if (prev === undefined || ttl < prev) this.minTtl.set(key, ttl);
      }
      if (endMs <= sinceMs) continue;
      const startMs = parseRqTimestamp(startedAt);
      const enqMs = parseRqTimestamp(enqueuedAt);
      this.entries.set(id, {
        id,
        queue,
        success: kind === 'finished',
        endMs,
        waitS: startMs === null || enqMs === null ? null : finiteOrNull((startMs - enqMs) / 1000),
        runS: startMs === null ? null : finiteOrNull((endMs - startMs) / 1000),
      });
    }
  }

  /** Closes one refresh: remembers its clock and drops entries that left the window. */
  finish(nowS: number): void {
    this.lastNowS = nowS;
    const sinceMs = nowS * 1000 - this.windowMs;
    for (const [id, entry] of this.entries) if (entry.endMs <= sinceMs) this.entries.delete(id);
    // Members below the next lower bound will not be read again: forget them.
    for (const [key, seen] of this.seen) {
      const [kind = '', queue = ''] = key.split('\u0000');
      const bound = this.bound(queue, kind === 'failed' ? 'failed' : 'finished');
      for (const [id, score] of seen) if (Number(score) < bound) seen.delete(id);
      if (seen.size === 0) this.seen.delete(key);
    }
  }

  /** The lowest registry score a job ending after the last refresh can have. */
  private bound(queue: string, kind: DoneKind): number {
    const last = this.lastNowS ?? 0;
    const ttl = this.minTtl.get(`${kind}\u0000${queue}`) ?? 0;
    return Math.max(last - this.windowMs / 1000, Math.floor(last - this.slackS + ttl));
  }

  /** Entries that ended in the window ending at `nowS`, oldest first. */
  inWindow(nowS: number): RqWindowEntry[] {
    const sinceMs = nowS * 1000 - this.windowMs;
    return [...this.entries.values()]
      .filter((e) => e.endMs > sinceMs)
      .sort((a, b) => a.endMs - b.endMs || compareText(a.id, b.id));
  }
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
