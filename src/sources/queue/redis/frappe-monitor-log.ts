import { open, stat, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { percentile } from '../core/percentile.js';

/** Per-method job timings from Frappe's monitor log; seconds, null when nothing was seen. */
export interface FrappeMonitorMethod {
  readonly method: string;
  readonly jobs: number;
  /** Jobs that logged an `exception` (execute_job adds it on failure). */
  readonly failed: number;
  readonly durationP50: number | null;
  readonly durationP95: number | null;
  readonly durationMax: number | null;
  readonly waitP50: number | null;
  readonly waitP95: number | null;
}

export interface FrappeMonitorStats {
  /** False until the file has been found (Frappe writes it only with `monitor: 1` in config). */
  readonly found: boolean;
  readonly windowSeconds: number;
  readonly jobs: number;
  /** Busiest first. */
  readonly methods: readonly FrappeMonitorMethod[];
  /** The slowest methods by p95 duration, slowest first. */
  readonly slowest: readonly FrappeMonitorMethod[];
  readonly sites: readonly { site: string; jobs: number }[];
  /** Lines that were not JSON or not a monitor record, since the tailer started. */
  readonly badLines: number;
  /** Rotations and truncations seen since the tailer started. */
  readonly rotations: number;
}

interface JobRecord {
  readonly at: number;
  readonly site: string;
  readonly method: string;
  readonly durationS: number;
  readonly waitS: number | null;
  readonly failed: boolean;
}

export interface FrappeMonitorLogOptions {
  readonly windowMs: number;
  /** On first open, start this many bytes before the end (the file may hold weeks). */
  readonly initialBytes?: number;
  /** Records kept at most (oldest dropped first). */
  readonly maxRecords?: number;
  /** Methods listed in `slowest`. */
  readonly slowest?: number;
  readonly now?: () => number;
}

const CHUNK = 256 * 1024;
/** A line longer than this is a corrupt file, not a record; it is skipped. */
const MAX_LINE = 1024 * 1024;

/**
 * Tails `<bench>/logs/monitor.json.log` incrementally (queues.md §2 "monitor.json.log"):
 * Frappe's `monitor.flush` scheduler job appends one compact JSON record per request or
 * job every few minutes. Only `transaction_type: "job"` records are kept; `duration` and
 * `job.wait` are microseconds in Frappe's source. The offset is remembered between polls;
 * a partial last line waits for its newline; a rotation (the path now names another
 * file) finishes the old file first, and a truncation (copytruncate; seen when the file is
 * shorter than the offset) starts over at 0.
 */
export class FrappeMonitorLog {
  private handle: FileHandle | null = null;
  private inode: number | null = null;
  private offset = 0;
  private partial = '';
  private skipToNewline = false;
  /** Keeps a UTF-8 character split across two reads whole. */
  private decoder = new StringDecoder('utf8');
  private readonly records: JobRecord[] = [];
  private badLines = 0;
  private rotations = 0;
  private found = false;

  constructor(
    readonly path: string,
    private readonly opts: FrappeMonitorLogOptions,
  ) {}

  /** Reads what was appended since the last poll and returns the window's statistics. */
  async poll(): Promise<FrappeMonitorStats> {
    // Between a rotation's rename and the next write there may be no file: null.
    let current: { ino: number; size: number } | null = null;
    try {
      const s = await stat(this.path);
      current = { ino: s.ino, size: s.size };
      this.found = true;
    } catch {
      // Missing or unreadable: handled below as "no file now".
    }
    if (this.handle !== null && (current === null || current.ino !== this.inode)) {
      // Rotated: what was written to the old file after our last read is still there.
      await this.drain();
      await this.closeHandle();
      this.rotations += 1;
      if (current !== null) await this.openAt(current.ino, 0);
    } else if (this.handle === null && current !== null) {
      const initial = this.opts.initialBytes ?? 8 * 1024 * 1024;
      const start = Math.max(0, current.size - initial);
      await this.openAt(current.ino, start);
      // Starting mid-file: the first (partial) line is not a record.
      this.skipToNewline = start > 0;
    } else if (this.handle !== null && current !== null && current.size < this.offset) {
      this.rotations += 1;
      this.offset = 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
    }
    if (this.handle !== null) await this.drain();
    return this.stats();
  }

  async close(): Promise<void> {
    await this.closeHandle();
  }

  private async openAt(ino: number, offset: number): Promise<void> {
    try {
      this.handle = await open(this.path, 'r');
      this.inode = ino;
      this.offset = offset;
      this.partial = '';
      this.skipToNewline = false;
      this.decoder = new StringDecoder('utf8');
    } catch {
      this.handle = null;
      this.inode = null;
    }
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.inode = null;
    if (handle !== null) await handle.close().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    const handle = this.handle;
    if (handle === null) return;
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      this.consume(this.decoder.write(buffer.subarray(0, bytesRead)));
    }
  }

  private consume(text: string): void {
    let data = this.partial + text;
    if (this.skipToNewline) {
      const nl = data.indexOf('\n');
      if (nl < 0) {
        this.partial = '';
        return;
      }
      data = data.slice(nl + 1);
      this.skipToNewline = false;
    }
    const lines = data.split('\n');
    this.partial = lines.pop() ?? '';
    if (this.partial.length > MAX_LINE) {
      this.partial = '';
      this.skipToNewline = true;
      this.badLines += 1;
    }
    for (const line of lines) this.parse(line);
  }

  private parse(line: string): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.badLines += 1;
      return;
    }
    if (value === null || typeof value !== 'object') {
      this.badLines += 1;
      return;
    }
    const r = value as Record<string, unknown>;
    if (r.transaction_type !== 'job') return;
    const job =
      r.job !== null && typeof r.job === 'object' ? (r.job as Record<string, unknown>) : {};
    const at = parseMonitorTimestamp(r.timestamp);
    const duration = typeof r.duration === 'number' ? r.duration : NaN;
    if (at === null || !Number.isFinite(duration)) {
      this.badLines += 1;
      return;
    }
    const wait = typeof job.wait === 'number' && Number.isFinite(job.wait) ? job.wait / 1e6 : null;
    this.records.push({
      at,
      site: typeof r.site === 'string' ? r.site : '(unknown)',
      method: typeof job.method === 'string' ? job.method : '(unknown)',
      durationS: duration / 1e6,
      waitS: wait,
      failed: r.exception !== undefined && r.exception !== null,
    });
    const max = this.opts.maxRecords ?? 200_000;
    if (this.records.length > max) this.records.splice(0, this.records.length - max);
  }

  private stats(): FrappeMonitorStats {
    const now = (this.opts.now ?? Date.now)();
    const since = now - this.opts.windowMs;
    // Records arrive roughly in time order; drop the expired ones from the front.
    let drop = 0;
    while (drop < this.records.length && (this.records[drop]?.at ?? Infinity) <= since) drop++;
    if (drop > 0) this.records.splice(0, drop);
    const inWindow = this.records.filter((r) => r.at > since);
    const byMethod = new Map<string, JobRecord[]>();
    const bySite = new Map<string, number>();
    for (const r of inWindow) {
      const list = byMethod.get(r.method) ?? [];
      list.push(r);
      byMethod.set(r.method, list);
      bySite.set(r.site, (bySite.get(r.site) ?? 0) + 1);
    }
    const sorted = (xs: (number | null)[]): number[] =>
      xs.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
    const methods: FrappeMonitorMethod[] = [...byMethod.entries()].map(([method, list]) => {
      const durations = sorted(list.map((r) => r.durationS));
      const waits = sorted(list.map((r) => r.waitS));
      return {
        method,
        jobs: list.length,
        failed: list.filter((r) => r.failed).length,
        durationP50: percentile(durations, 0.5),
        durationP95: percentile(durations, 0.95),
        durationMax: durations.at(-1) ?? null,
        waitP50: percentile(waits, 0.5),
        waitP95: percentile(waits, 0.95),
      };
    });
    methods.sort((a, b) => b.jobs - a.jobs || a.method.localeCompare(b.method));
    const slowest = [...methods]
      .sort(
        (a, b) => (b.durationP95 ?? 0) - (a.durationP95 ?? 0) || a.method.localeCompare(b.method),
      )
      .slice(0, this.opts.slowest ?? 5);
    return {
      found: this.found,
      windowSeconds: this.opts.windowMs / 1000,
      jobs: inWindow.length,
      methods,
      slowest,
      sites: [...bySite.entries()]
        .map(([site, jobs]) => ({ site, jobs }))
        .sort((a, b) => b.jobs - a.jobs || a.site.localeCompare(b.site)),
      badLines: this.badLines,
      rotations: this.rotations,
    };
  }
}

/** `str(datetime)` of an aware UTC datetime: `2024-10-16 10:20:30.123456+00:00` (µs optional). */
function parseMonitorTimestamp(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2}):?(\d{2})|Z)?$/.exec(
      value,
    );
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  let ms =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) +
    (frac === undefined ? 0 : Number(frac.padEnd(6, '0')) / 1000);
  // A naive timestamp (older Frappe) is taken as UTC, which is what frappe.monitor writes.
  if (sign !== undefined) {
    const offset = (Number(oh) * 60 + Number(om)) * 60_000;
    ms += sign === '+' ? -offset : offset;
  }
  return Number.isFinite(ms) ? ms : null;
}
