/**
 * Real containers for the Docker integration tests and the benchmark, labelled the way
 * Docker Compose labels a project, from the local busybox image (no registry, never
 * pulled) with `--network none` (the test engine has no bridge). Every container made
 * here is remembered and removed by `remove()`, whatever happened in between.
 */
import { randomUUID } from 'node:crypto';
import Dockerode from 'dockerode';

export const TEST_IMAGE = process.env.JOBDECK_TEST_IMAGE ?? 'jobdeck-test/busybox:latest';

export interface TestContainerSpec {
  /** Compose service; null for a container outside any project (a per-job container). */
  readonly service: string | null;
  readonly number?: number;
  readonly name?: string;
  /** A shell script run by `sh -c`. */
  readonly script: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly tty?: boolean;
  readonly restart?: 'no' | 'unless-stopped';
  /** Seconds between SIGTERM and SIGKILL (compose `stop_grace_period`). */
  readonly stopTimeout?: number;
  readonly healthcheck?: boolean;
  /** Wait until it runs (default) or, for one-shot containers, until it exited. */
  readonly wait?: 'running' | 'exited' | 'none';
}

/** A JSON log line in QFieldCloud's format (`core/logging/formatters.py`). */
export function qfcLogLine(message: string, level = 'INFO'): string {
  return JSON.stringify({
    ts: '2026-01-01T00:00:00.000000Z',
    level,
    name: 'root',
    message,
    request_id: null,
    filename: 'dequeue.py',
    lineno: 90,
    thread: 1,
    source: 'worker_wrapper',
  });
}

/**
 * An idle worker: logs one line, then sleeps in a loop that ends at once on SIGTERM
 * (so `docker restart` is quick) and exits 3 when `/tmp/crash` appears (a crash that
 * the restart policy answers, unlike `docker kill`, which counts as a manual stop).
 */
export function workerScript(firstLine: string, holdBytes = 0): string {
  const hold = holdBytes > 0 ? `x=$(head -c ${holdBytes} /dev/zero | tr '\\000' a); ` : '';
  return (
    `trap 'exit 0' TERM; echo '${firstLine.replace(/'/g, `'\\''`)}'; ${hold}` +
    `while :; do if [ -f /tmp/crash ]; then rm /tmp/crash; echo 'crashing' >&2; exit 3; fi; ` +
    `sleep 0.2 & wait $!; done`
  );
}

export class DockerTestProject {
  readonly docker = new Dockerode();
  readonly ids: string[] = [];

  constructor(readonly project: string = DockerTestProject.uniqueName()) {}

  static uniqueName(prefix = 'jdtest'): string {
    return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  }

  async run(spec: TestContainerSpec): Promise<string> {
    const number = spec.number ?? 1;
    const labels: Record<string, string> = { ...spec.labels, 'jobdeck.test': this.project };
    if (spec.service !== null) {
      Object.assign(labels, {
        'com.docker.compose.project': this.project,
        'com.docker.compose.service': spec.service,
        'com.docker.compose.container-number': String(number),
        'com.docker.compose.oneoff': 'False',
      });
    }
    const name =
      spec.name ??
      (spec.service === null
        ? `${this.project}-job-${randomUUID().slice(0, 8)}`
        : `${this.project}-${spec.service}-${number}`);
    const container = await this.docker.createContainer({
      name,
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', spec.script],
      Tty: spec.tty ?? false,
      Labels: labels,
      ...(spec.stopTimeout === undefined ? {} : { StopTimeout: spec.stopTimeout }),
      ...(spec.healthcheck === true
        ? { Healthcheck: { Test: ['CMD', 'true'], Interval: 500_000_000, Retries: 1 } }
        : {}),
      HostConfig: {
        NetworkMode: 'none',
        RestartPolicy: { Name: spec.restart ?? 'no' },
      },
    });
    this.ids.push(container.id);
    await container.start();
    const wait = spec.wait ?? 'running';
    if (wait === 'exited') await container.wait();
    return container.id;
  }

  /** app, memcached (with a healthcheck), worker_wrapper × 3, a qgis build that exits 0, one job. */
  async startQfieldcloud(): Promise<{
    app: string;
    memcached: string;
    workers: [string, string, string];
    qgis: string;
    job: string;
    jobId: string;
  }> {
    const idle = `trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done`;
    const jobId = randomUUID();
    const [app, memcached, w1, w2, w3, qgis, job] = await Promise.all([
      this.run({ service: 'app', script: idle }),
      this.run({ service: 'memcached', script: idle, healthcheck: true }),
      this.run({
        service: 'worker_wrapper',
        number: 1,
        script: workerScript(qfcLogLine('Dequeue QFieldCloud Jobs from the DB'), 8_000_000),
        restart: 'unless-stopped',
        stopTimeout: 5,
      }),
      this.run({
        service: 'worker_wrapper',
        number: 2,
        script: workerScript(qfcLogLine('Dequeued job 4f1c, run!')),
        restart: 'unless-stopped',
        stopTimeout: 5,
      }),
      this.run({
        service: 'worker_wrapper',
        number: 3,
        script: workerScript('plain text from a tty worker'),
        restart: 'unless-stopped',
        stopTimeout: 5,
        tty: true,
      }),
      this.run({ service: 'qgis', script: 'echo QGIS built', wait: 'exited' }),
      this.run({
        service: null,
        script: idle,
        labels: { app: 'test_worker', job_id: jobId, type: 'package', project_id: randomUUID() },
      }),
    ]);
    return { app, memcached, workers: [w1, w2, w3], qgis, job, jobId };
  }

  /** Removes every container this project made (and any left labelled with its name). */
  async remove(): Promise<void> {
    const labelled = await this.docker.listContainers({
      all: true,
      filters: { label: [`jobdeck.test=${this.project}`] },
    });
    const ids = new Set([...this.ids, ...labelled.map((c) => c.Id)]);
    await Promise.all(
      [...ids].map((id) =>
        this.docker
          .getContainer(id)
          .remove({ force: true, v: true })
          .catch(() => undefined),
      ),
    );
  }
}
