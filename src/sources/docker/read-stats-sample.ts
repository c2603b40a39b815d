/** Cumulative CPU counters of one sample (nanoseconds). */
export interface CpuCounters {
  /** Container CPU time, all cores. */
  readonly total: number;
  /** Host CPU time, all cores (from /proc/stat: moves in 10 ms ticks per core). */
  readonly system: number;
  readonly onlineCpus: number;
}

/** One answer of `GET /containers/{id}/stats`, normalised across cgroup v1 and v2. */
export interface StatsSample {
  /** The engine's `read` time (epoch ms). */
  readonly readAt: number | null;
  readonly cpu: CpuCounters | null;
  /** The engine's previous sample; null on a stream's first message and with one-shot. */
  readonly precpu: CpuCounters | null;
  readonly memory: {
    readonly usage: number;
    readonly limit: number | null;
    /** `total_inactive_file` (v1) or `inactive_file` (v2): page cache the kernel can drop. */
    readonly inactiveFile: number | null;
    readonly cgroup: 'v1' | 'v2' | null;
  } | null;
  readonly net: { readonly rx: number; readonly tx: number } | null;
  readonly block: { readonly read: number; readonly write: number } | null;
  readonly pids: number | null;
}

type Json = Readonly<Record<string, unknown>>;

function obj(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function cpuCounters(value: unknown): CpuCounters | null {
  const cpu = obj(value);
  if (cpu === null) return null;
  const total = num(obj(cpu.cpu_usage)?.total_usage);
  const system = num(cpu.system_cpu_usage);
  // An empty `precpu_stats` has zeros (or no system usage at all): no previous sample.
  if (total === null || system === null || system === 0) return null;
  const percpu = obj(cpu.cpu_usage)?.percpu_usage;
  // cgroup v2 has no per-CPU usage; engines then always send online_cpus.
  const online = num(cpu.online_cpus) ?? (Array.isArray(percpu) ? percpu.length : 0);
  return { total, system, onlineCpus: online };
}

function blockBytes(value: unknown): { read: number; write: number } | null {
  const entries = obj(value)?.io_service_bytes_recursive;
  // v2 engines send null here when the container did no block I/O at all.
  if (entries === null || entries === undefined) return { read: 0, write: 0 };
  if (!Array.isArray(entries)) return null;
  let read = 0;
  let write = 0;
  for (const entry of entries) {
    const e = obj(entry);
    const op = typeof e?.op === 'string' ? e.op : '';
    const bytes = num(e?.value) ?? 0;
    // v1 says "Read"/"Write" (plus "Sync", "Total"...), v2 "read"/"write", as the CLI reads it.
    if (op[0] === 'r' || op[0] === 'R') read += bytes;
    else if (op[0] === 'w' || op[0] === 'W') write += bytes;
  }
  return { read, write };
}

function netBytes(value: unknown): { rx: number; tx: number } | null {
  const networks = obj(value);
  if (networks === null) return null;
  let rx = 0;
  let tx = 0;
  for (const iface of Object.values(networks)) {
    rx += num(obj(iface)?.rx_bytes) ?? 0;
    tx += num(obj(iface)?.tx_bytes) ?? 0;
  }
  return { rx, tx };
}

function memory(value: unknown): StatsSample['memory'] {
  const mem = obj(value);
  const usage = num(mem?.usage);
  if (mem === null || usage === null) return null;
  const stats = obj(mem.stats);
  const v1 = num(stats?.total_inactive_file);
  const v2 = num(stats?.inactive_file);
  const limit = num(mem.limit);
  return {
    usage,
    limit: limit === null || limit <= 0 ? null : limit,
    inactiveFile: v1 ?? v2,
    cgroup: v1 !== null ? 'v1' : v2 !== null ? 'v2' : null,
  };
}

/**
 * Pure: JSON of one stats message → StatsSample, or null when it carries no sample
 * (a stopped container answers with zeros and `read` in year 1).
 */
export function readStatsSample(json: unknown): StatsSample | null {
  const root = obj(json);
  if (root === null) return null;
  const read = typeof root.read === 'string' ? Date.parse(root.read) : NaN;
  const readAt = Number.isFinite(read) && read > 0 ? read : null;
  const cpu = cpuCounters(root.cpu_stats);
  const mem = memory(root.memory_stats);
  if (readAt === null && cpu === null && mem === null) return null;
  const pids = num(obj(root.pids_stats)?.current);
  return {
    readAt,
    cpu,
    precpu: cpuCounters(root.precpu_stats),
    memory: mem,
    net: netBytes(root.networks),
    block: blockBytes(root.blkio_stats),
    pids,
  };
}
