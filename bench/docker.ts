/**
 * bench/docker.ts — what the Docker source costs and how fresh its figures are, for
 * N = 10, 30, 50 containers, with streaming stats and with one-shot polling, side by side
 * with `docker stats --no-stream` in the same run.
 *
 *   tsc -p tsconfig.bench.json && node dist-bench-build/bench/docker.js \
 *     [--n 10,30,50] [--modes stream,poll] [--steady 15]
 *
 * Per N it starts N busybox containers labelled as one compose project (10 of them
 * `worker_wrapper` replicas, whose last log line is read too; the rest `svc` replicas).
 * Every 5th container burns CPU under a 0.05-CPU quota (a steady 5 % of one core, so CPU
 * figures can be compared); every container holds a different amount of memory. Then, per
 * stats mode, a fresh collector (default config otherwise) is started and we measure:
 *   - first full set: start → every running container has a CPU figure in the snapshot;
 *   - staleness: every 100 ms for `--steady` s, the age of the OLDEST container's sample
 *     in the published snapshot (what the UI would show);
 *   - our CPU: process.cpuUsage() over the steady window, % of one core;
 *   - engine CPU: dockerd + containerd + shims (utime+stime from /proc) over the same
 *     window, minus the same measured with no collector running;
 *   - agreement: `docker stats --no-stream` over the N containers, compared with our
 *     snapshot taken when it returns (CPU in percentage points, memory relative).
 * All containers are removed at the end, also on failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { DockerClient } from '../src/sources/docker/docker-client.js';
import { DockerCollector } from '../src/sources/docker/docker-collector.js';
import { dockerConfigSchema } from '../src/config/docker-config-schema.js';
import { resolveDockerEndpoint } from '../src/sources/docker/docker-endpoint.js';
import type { DockerContainer, DockerSnapshot } from '../src/sources/docker/docker-snapshot.js';
import { readBody } from '../src/sources/docker/read-body.js';
import { percentile } from '../src/sources/queue/core/percentile.js';
import { dockerCliStats } from '../test/helpers/docker-cli-stats.js';
import { DockerTestProject, workerScript } from '../test/helpers/docker-test-project.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const SIZES = arg('n', '10,30,50').split(',').map(Number);
const MODES = arg('modes', 'stream,poll').split(',') as ('stream' | 'poll')[];
const STEADY_S = Number(arg('steady', '15'));
const TICK = 100; // clock ticks per second in /proc/<pid>/stat (USER_HZ)

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** dockerd, containerd and every containerd shim: the engine side of a stats request. */
function engineCpuTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'dockerd' && !comm.startsWith('containerd')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks;
}

async function engineCpuPercent(ms: number): Promise<number> {
  const before = engineCpuTicks();
  await sleep(ms);
  return ((engineCpuTicks() - before) / TICK / (ms / 1000)) * 100;
}

function allContainers(s: DockerSnapshot): DockerContainer[] {
  return s.services.flatMap((x) => x.containers);
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
const median = (xs: readonly number[]): number => percentile(sorted(xs), 0.5) ?? NaN;
const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

interface Row {
  n: number;
  mode: string;
  firstFullSetMs: number;
  oldestAgeMedianMs: number;
  oldestAgeP95Ms: number;
  oldestAgeMaxMs: number;
  ourCpuPercent: number;
  engineCpuPercent: number;
  cliWallMs: number;
  cpuDiffMaxPp: number;
  cpuDiffLoadedMaxRel: number;
  memDiffMaxRel: number;
  memDiffMedianRel: number;
}

async function startFleet(project: DockerTestProject, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < n; start += 10) {
    const batch = Array.from({ length: Math.min(10, n - start) }, (_, k) => start + k);
    ids.push(
      ...(await Promise.all(
        batch.map(async (i) => {
          const worker = i < 10;
          const burn = i % 5 === 0;
          const hold = (i % 10) * 400_000;
          const script = burn
            ? `x=$(head -c ${hold + 100_000} /dev/zero | tr '\\000' a); yes > /dev/null`
            : workerScript(`container ${i} ready`, hold);
          const id = await project.run({
            service: worker ? 'worker_wrapper' : 'svc',
            number: worker ? i + 1 : i - 9,
            script,
          });
          if (burn) {
            // The quota makes the load steady: exactly 5 % of one core in any window.
            await project.docker.getContainer(id).update({ NanoCpus: 50_000_000 });
          }
          return id;
        }),
      )),
    );
  }
  return ids;
}

async function measure(
  project: DockerTestProject,
  n: number,
  mode: 'stream' | 'poll',
  idleEngine: number,
): Promise<Row> {
  const client = new DockerClient(resolveDockerEndpoint(), { readOnly: true });
  const collector = new DockerCollector({
    client,
    config: dockerConfigSchema.parse({ projects: [project.project], stats: mode }),
  });
  const t0 = performance.now();
  collector.start();
  const full = await collector.waitFor((r) => {
    if (!r.ok) return false;
    const all = allContainers(r.data);
    return all.length === n && all.every((c) => c.resources?.cpuPercent != null);
  }, 20_000);
  const firstFullSetMs = performance.now() - t0;
  if (full?.ok !== true || allContainers(full.data).length !== n) {
    throw new Error(`no full set within 20 s (${full?.ok === false ? full.error : 'no data'})`);
  }
  // Let the first second's burst (initial inspects, log reads) pass before steady state.
  await sleep(2_000);

  const ages: number[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const engine0 = engineCpuTicks();
  const until = wall0 + STEADY_S * 1000;
  while (performance.now() < until) {
    await sleep(TICK);
    const r = collector.getSnapshot();
    if (r?.ok !== true) continue;
    const now = Date.now();
    const oldest = Math.min(...allContainers(r.data).map((c) => c.resources?.at ?? 0));
    ages.push(now - oldest);
  }
  const wall = (performance.now() - wall0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const ourCpuPercent = ((cpu.user + cpu.system) / 1e6 / wall) * 100;
  const engineCpuPercent = ((engineCpuTicks() - engine0) / TICK / wall) * 100 - idleEngine;

  // Side by side: docker stats, then our snapshot at the moment it answered.
  const names = allContainers(full.data).map((c) => c.name);
  const c0 = performance.now();
  const cli = await dockerCliStats(names);
  const cliWallMs = performance.now() - c0;
  const ours = collector.getSnapshot();
  const cpuDiffs: number[] = [];
  const loadedRel: number[] = [];
  const memRel: number[] = [];
  for (const c of ours?.ok === true ? allContainers(ours.data) : []) {
    const theirs = cli.get(c.name);
    const mine = c.resources;
    if (theirs === undefined || mine === null || mine.cpuPercent === null) continue;
    cpuDiffs.push(Math.abs(mine.cpuPercent - theirs.cpuPercent));
    if (theirs.cpuPercent >= 1) {
      loadedRel.push(Math.abs(mine.cpuPercent - theirs.cpuPercent) / theirs.cpuPercent);
    }
    if (mine.memoryBytes !== null) {
      memRel.push(Math.abs(mine.memoryBytes - theirs.memoryBytes) / theirs.memoryBytes);
    }
  }
  await collector.close();
  return {
    n,
    mode,
    firstFullSetMs,
    oldestAgeMedianMs: median(ages),
    oldestAgeP95Ms: percentile(sorted(ages), 0.95) ?? NaN,
    oldestAgeMaxMs: Math.max(...ages),
    ourCpuPercent,
    engineCpuPercent,
    cliWallMs,
    cpuDiffMaxPp: Math.max(...cpuDiffs),
    cpuDiffLoadedMaxRel: Math.max(...loadedRel),
    memDiffMaxRel: Math.max(...memRel),
    memDiffMedianRel: median(memRel),
  };
}

/** One naive `stats?stream=0` call (what a per-container poll without one-shot costs). */
async function naiveCallMs(id: string): Promise<number> {
  const client = new DockerClient(resolveDockerEndpoint(), { readOnly: true });
  const t = performance.now();
  const body = await client.stream(`/containers/${id}/stats`, { stream: 0 });
  await readBody(body, 1 << 20);
  return performance.now() - t;
}

let current: DockerTestProject | null = null;
// Ctrl-C must not leave 50 containers behind.
process.once('SIGINT', () => {
  console.log('\ninterrupted: removing the benchmark containers...');
  void (current?.remove() ?? Promise.resolve()).finally(() => process.exit(130));
});

async function main(): Promise<void> {
  const rows: Row[] = [];
  let naive = NaN;
  for (const n of SIZES) {
    const project = new DockerTestProject(DockerTestProject.uniqueName('jdbench'));
    current = project;
    try {
      console.log(`N=${n}: starting ${n} containers (${project.project})...`);
      const ids = await startFleet(project, n);
      await sleep(2_000);
      const idleEngine = await engineCpuPercent(5_000);
      console.log(`N=${n}: engine side with no collector: ${fmt(idleEngine)} % of one core`);
      if (Number.isNaN(naive) && ids[1] !== undefined) naive = await naiveCallMs(ids[1]);
      for (const mode of MODES) {
        const row = await measure(project, n, mode, idleEngine);
        rows.push(row);
        console.log(
          `N=${n} ${mode}: first full set ${fmt(row.firstFullSetMs, 0)} ms, oldest sample ` +
            `median ${fmt(row.oldestAgeMedianMs, 0)} / p95 ${fmt(row.oldestAgeP95Ms, 0)} / max ` +
            `${fmt(row.oldestAgeMaxMs, 0)} ms, our CPU ${fmt(row.ourCpuPercent, 2)} %, engine +` +
            `${fmt(row.engineCpuPercent)} %, docker stats ${fmt(row.cliWallMs, 0)} ms, CPU diff ` +
            `max ${fmt(row.cpuDiffMaxPp, 2)} pp (loaded ${fmt(row.cpuDiffLoadedMaxRel * 100)} %), ` +
            `mem diff max ${fmt(row.memDiffMaxRel * 100, 2)} % (median ${fmt(row.memDiffMedianRel * 100, 2)} %)`,
        );
        await sleep(1_000);
      }
    } finally {
      await project.remove();
      current = null;
    }
  }
  console.log(
    `\none naive stats?stream=0 call: ${fmt(naive, 0)} ms (× N per refresh if sequential)`,
  );
  console.log(
    '\n| N | mode | first full set | oldest sample (median / p95 / max) | jobdeck CPU | engine CPU (added) | docker stats --no-stream | CPU Δ max | mem Δ max |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.n} | ${r.mode} | ${fmt(r.firstFullSetMs, 0)} ms | ${fmt(r.oldestAgeMedianMs, 0)} / ` +
        `${fmt(r.oldestAgeP95Ms, 0)} / ${fmt(r.oldestAgeMaxMs, 0)} ms | ${fmt(r.ourCpuPercent, 2)} % | ` +
        `${fmt(r.engineCpuPercent)} % | ${fmt(r.cliWallMs, 0)} ms | ${fmt(r.cpuDiffMaxPp, 2)} pp | ` +
        `${fmt(r.memDiffMaxRel * 100, 2)} % |`,
    );
  }
  const largest = Math.max(...SIZES);
  for (const r of rows.filter((x) => x.n === largest)) {
    const misses = [
      r.firstFullSetMs > 2_500 ? 'first full set > 2.5 s' : '',
      r.oldestAgeMaxMs > 2_000 ? 'a sample older than 2 s' : '',
      r.ourCpuPercent >= 5 ? 'our CPU ≥ 5 %' : '',
      r.cpuDiffLoadedMaxRel > 0.05 || r.memDiffMaxRel > 0.05 ? 'figures off by > 5 %' : '',
    ].filter((m) => m !== '');
    console.log(
      `targets at N=${largest}, ${r.mode}: ${misses.length === 0 ? 'met' : `NOT met (${misses.join(', ')})`}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
