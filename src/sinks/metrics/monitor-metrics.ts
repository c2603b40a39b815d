import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import { ConfigError } from '../../shared/errors.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';

export interface FiringAlert {
  readonly ruleId: string;
  readonly severity: string;
}

/**
 * The monitor's Prometheus metrics (`/metrics`, prom-client): queue depth by status,
 * stuck jobs, failure rate, workers by state, per-container CPU and memory, alerts
 * firing, heal actions taken, collector errors and durations. Updated after each check.
 */
export class MonitorMetrics {
  readonly registry = new Registry();

  /** Every series carries `target` (the config's target name), so several monitors' series stay apart. */
  constructor(target: string) {
    this.registry.setDefaultLabels({ target });
  }

  private readonly jobs = new Gauge({
    name: 'jobdeck_queue_jobs',
    help: 'Jobs by status',
    labelNames: ['status'],
    registers: [this.registry],
  });
  private readonly waiting = new Gauge({
    name: 'jobdeck_queue_waiting_jobs',
    help: 'Jobs waiting to run (queue depth)',
    registers: [this.registry],
  });
  private readonly stuck = new Gauge({
    name: 'jobdeck_queue_stuck_jobs',
    help: 'Jobs the stuck rule matches',
    registers: [this.registry],
  });
  private readonly failureRate = new Gauge({
    name: 'jobdeck_queue_failure_ratio',
    help: 'Failed / completed jobs in the window',
    registers: [this.registry],
  });
  private readonly throughput = new Gauge({
    name: 'jobdeck_queue_throughput_per_minute',
    help: 'Completed jobs per minute over the window',
    registers: [this.registry],
  });
  private readonly workers = new Gauge({
    name: 'jobdeck_workers',
    help: 'Workers by state (heartbeats, or worker containers running/stopped)',
    labelNames: ['source', 'state'],
    registers: [this.registry],
  });
  private readonly cpu = new Gauge({
    name: 'jobdeck_container_cpu_percent',
    help: 'CPU of a running container, % of one core',
    labelNames: ['service', 'container'],
    registers: [this.registry],
  });
  private readonly memory = new Gauge({
    name: 'jobdeck_container_memory_bytes',
    help: 'Memory of a running container excluding page cache',
    labelNames: ['service', 'container'],
    registers: [this.registry],
  });
  private readonly alerts = new Gauge({
    name: 'jobdeck_alerts_firing',
    help: 'Alerts firing',
    labelNames: ['rule', 'severity'],
    registers: [this.registry],
  });
  private readonly heals = new Counter({
    name: 'jobdeck_heal_actions_total',
    help: 'Self-healing actions taken',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'jobdeck_collector_errors_total',
    help: 'Failed source reads',
    labelNames: ['source'],
    registers: [this.registry],
  });
  private readonly duration = new Gauge({
    name: 'jobdeck_collector_duration_seconds',
    help: 'Duration of the last queue read',
    labelNames: ['source'],
    registers: [this.registry],
  });
  private readonly verdict = new Gauge({
    name: 'jobdeck_verdict',
    help: 'Readiness: 0 operational, 1 degraded, 2 down',
    registers: [this.registry],
  });

  update(snapshot: AppSnapshot, firing: readonly FiringAlert[]): void {
    const q = snapshot.queue;
    this.jobs.reset();
    if (q.status === 'ok') {
      for (const [status, n] of Object.entries(q.data.counts)) this.jobs.set({ status }, n);
      this.waiting.set(q.data.waiting);
      this.stuck.set(q.data.stuck.length);
      this.failureRate.set(q.data.window.failureRate ?? 0);
      this.throughput.set(q.data.window.throughputPerMin);
      this.duration.set({ source: 'queue' }, q.data.refresh.elapsedMs / 1000);
    } else if (q.status === 'failed') {
      this.errors.inc({ source: 'queue' });
    }
    this.workers.reset();
    if (q.status === 'ok' && q.data.workers !== null) {
      for (const state of ['active', 'stale', 'dead'] as const) {
        this.workers.set(
          { source: 'heartbeat', state },
          q.data.workers.filter((w) => w.state === state).length,
        );
      }
    }
    this.cpu.reset();
    this.memory.reset();
    const d = snapshot.docker;
    if (d.status === 'ok') {
      this.workers.set({ source: 'docker', state: 'running' }, d.data.workers.running);
      this.workers.set(
        { source: 'docker', state: 'stopped' },
        d.data.workers.total - d.data.workers.running,
      );
      for (const svc of d.data.services) {
        for (const c of svc.containers) {
          const r = c.resources;
          if (r?.cpuPercent != null)
            this.cpu.set({ service: svc.key, container: c.name }, r.cpuPercent);
          if (r?.memoryBytes != null)
            this.memory.set({ service: svc.key, container: c.name }, r.memoryBytes);
        }
      }
    } else if (d.status === 'failed') {
      this.errors.inc({ source: 'docker' });
    }
    this.alerts.reset();
    for (const a of firing) this.alerts.inc({ rule: a.ruleId, severity: a.severity });
    this.verdict.set(snapshot.verdict === 'DOWN' ? 2 : snapshot.verdict === 'DEGRADED' ? 1 : 0);
  }

  healed(kind: string): void {
    this.heals.inc({ kind });
  }

  /** Serves `/metrics` on `host:port`; resolves once listening. */
  listen(address: string): Promise<Server> {
    const match = /^(.+):(\d+)$/.exec(address);
    if (match === null)
      throw new ConfigError(`--metrics-listen ${address}: expected host:port, e.g. 127.0.0.1:9464`);
    const [, host = '127.0.0.1', port = '9464'] = match;
    const server = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.statusCode = 404;
        res.end('see /metrics\n');
        return;
      }
      this.registry
        .metrics()
        .then((body) => {
          res.setHeader('content-type', this.registry.contentType);
          res.end(body);
        })
        .catch(() => {
          res.statusCode = 500;
          res.end();
        });
    });
    return new Promise((resolve, reject) => {
      server.once('error', (error) => {
        reject(new ConfigError(`--metrics-listen ${address}: cannot listen (${error.message})`));
      });
      server.listen(Number(port), host.replace(/^\[|\]$/g, ''), () => {
        resolve(server);
      });
    });
  }
}
