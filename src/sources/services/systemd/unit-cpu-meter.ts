/** The previous CPU sample of one unit. */
interface CpuSample {
  /** ExecMainStartTimestampMonotonic: a restart starts a new run, and a new count. */
  readonly start: number | null;
  readonly nsec: number;
  readonly at: number;
}

/**
 * CPU % (of ONE core, like `docker stats`) of units from their cumulative CPU time
 * (CPUUsageNSec, the cgroup's usage): the delta since the previous `list()` of the same
 * unit in the same run. The first sample, a restart in between, a counter going back
 * or no time elapsed give null: a gap, not a zero.
 */
export class UnitCpuMeter {
  readonly #previous = new Map<string, CpuSample>();

  sample(unit: string, start: number | null, nsec: number | null, at: number): number | null {
    const before = this.#previous.get(unit);
    if (nsec === null) {
      this.#previous.delete(unit);
      return null;
    }
    this.#previous.set(unit, { start, nsec, at });
    if (before?.start !== start) return null;
    const elapsedMs = at - before.at;
    const usedMs = (nsec - before.nsec) / 1e6;
    if (elapsedMs <= 0 || usedMs < 0) return null;
    const percent = (usedMs / elapsedMs) * 100;
    return Number.isFinite(percent) ? percent : null;
  }

  /** Drops units no longer listed, so the map stays as small as the configuration. */
  keepOnly(units: ReadonlySet<string>): void {
    for (const unit of this.#previous.keys()) if (!units.has(unit)) this.#previous.delete(unit);
  }
}
