import type { ResolvedConfig } from '../config/load-config.js';
import { errorLine } from '../errors.js';
import { httpProbe } from '../probes/http-probe.js';
import { memcachedProbe } from '../probes/memcached-probe.js';
import { postgresProbe } from '../probes/postgres-probe.js';
import type { ProbeResult } from '../probes/probe-result.js';
import { computeVerdict, verdictExitCode } from '../probes/readiness-verdict.js';
import { tcpProbe } from '../probes/tcp-probe.js';
import { createQueueSource } from '../queue/create-queue-source.js';
import type { JobRef, QueueSnapshot } from '../queue/queue-snapshot.js';
import type { QueueSource } from '../queue/queue-source.js';
import { failedResult, okResult, type SourceResult } from '../source-result.js';
import { deriveReadiness } from './derive-readiness.js';
import type { JobJson, QueueSection, StatusReport } from './status-report.js';

const iso = (ms: number): string => new Date(ms).toISOString();

function jobJson(job: JobRef): JobJson {
  return {
    ...job,
    createdAt: iso(job.createdAt),
    startedAt: job.startedAt === null ? null : iso(job.startedAt),
  };
}

/** The queue snapshot as the JSON document carries it (ISO times instead of epoch ms). */
export function queueSection(
  source: QueueSource,
  result: SourceResult<QueueSnapshot>,
): QueueSection {
  if (!result.ok) return { ok: false, source: source.target, error: result.error };
  const s = result.data;
  return {
    ok: true,
    source: source.target,
    preset: s.preset,
    at: iso(s.at),
    counts: { ...s.counts },
    byType: s.byType.map((t) => ({ ...t })),
    total: s.total,
    waiting: s.waiting,
    inFlight: s.inFlight,
    oldestWaiting: s.oldestWaiting === null ? null : jobJson(s.oldestWaiting),
    stuck: s.stuck.map((j) => ({ ...jobJson(j), reason: j.reason })),
    blockers: s.blockers.map((b) => ({ ...b })),
    window: { ...s.window },
    workers:
      s.workers === null
        ? null
        : s.workers.map((w) => ({
            ...w,
            lastHeartbeatAt: w.lastHeartbeatAt === null ? null : iso(w.lastHeartbeatAt),
          })),
    running: s.running.map(jobJson),
    unattributedRunning: s.unattributedRunning,
  };
}

/**
 * Collects everything `status` reports. Keeps the queue source open between calls,
 * so a refreshing view pays the full recount once and one cheap read afterwards.
 */
export class StatusCollector {
  private readonly source: QueueSource | null;
  private lastOkAt: number | null = null;

  constructor(private readonly config: ResolvedConfig) {
    this.source = createQueueSource(config);
  }

  /** True when there is nothing at all to check (no queue URL, no probes). */
  get empty(): boolean {
    return this.source === null && this.config.probes.length === 0;
  }

  async collect(): Promise<StatusReport> {
    const [queue, probes] = await Promise.all([
      this.readQueue(),
      Promise.all(this.config.probes.map((p) => this.runProbe(p))),
    ]);
    let database: ProbeResult | null = null;
    if (queue !== null && this.config.queue !== null) {
      database = queue.ok
        ? {
            name: 'database',
            kind: 'postgres',
            ok: true,
            level: 'ok',
            latencyMs: queue.durationMs,
            detail: `${this.source?.target ?? ''} answers`,
          }
        : await postgresProbe({
            name: 'database',
            connectionString: this.config.queue.url,
            timeoutMs: this.config.queue.statementTimeout,
          });
    }
    const readiness = deriveReadiness({
      queue,
      database,
      probes,
      thresholds: this.config.thresholds,
    });
    const verdict = computeVerdict(readiness);
    return {
      version: 1,
      target: this.config.target,
      generatedAt: new Date().toISOString(),
      verdict,
      exitCode: verdictExitCode(verdict),
      readiness,
      queue: queue === null || this.source === null ? null : queueSection(this.source, queue),
    };
  }

  async close(): Promise<void> {
    await this.source?.close();
  }

  private async readQueue(): Promise<SourceResult<QueueSnapshot> | null> {
    if (this.source === null) return null;
    const started = performance.now();
    try {
      const data = await this.source.read();
      this.lastOkAt = Date.now();
      return okResult(data, Date.now(), performance.now() - started);
    } catch (error) {
      return failedResult(errorLine(error), Date.now(), this.lastOkAt);
    }
  }

  private async runProbe(
    p: ResolvedConfig['probes'][number],
  ): Promise<{ result: ProbeResult; critical: boolean }> {
    switch (p.kind) {
      case 'http':
        return {
          critical: p.critical,
          result: await httpProbe({
            name: p.name,
            url: p.url,
            timeoutMs: p.timeout,
            expectStatus: p.expectStatus,
            ...(p.hostHeader === undefined ? {} : { hostHeader: p.hostHeader }),
            ...(p.bodyJson === undefined ? {} : { bodyJson: p.bodyJson }),
            insecureTls: p.insecureTls,
          }),
        };
      case 'memcached':
        return {
          critical: p.critical,
          result: await memcachedProbe({
            name: p.name,
            host: p.host,
            port: p.port,
            timeoutMs: p.timeout,
          }),
        };
      case 'tcp':
        return {
          critical: p.critical,
          result: await tcpProbe({
            name: p.name,
            host: p.host,
            port: p.port,
            timeoutMs: p.timeout,
          }),
        };
    }
  }
}
