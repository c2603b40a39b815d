/**
 * When an incremental source (PostgreSQL, SQLite) must count everything again: a reason
 * that forced it (first refresh, an error, a cleanup, a change it cannot follow), else
 * the periodic safety recount every `everyMs`.
 */
export class RecountPolicy {
  private forced: string | null = 'first refresh';
  private lastFullAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly everyMs: number) {}

  /** Ask for a recount at the next refresh; the first reason given wins. */
  force(reason: string): void {
    this.forced ??= reason;
  }

  /** Why the next refresh must be a full recount, or null when an incremental read will do. */
  due(nowMs: number): string | null {
    if (this.forced !== null) return this.forced;
    return nowMs - this.lastFullAt > this.everyMs ? 'periodic recount' : null;
  }

  /** A full recount completed at `nowMs`. */
  done(nowMs: number): void {
    this.forced = null;
    this.lastFullAt = nowMs;
  }
}
