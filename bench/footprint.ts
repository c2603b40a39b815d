/**
 * bench/footprint.ts — what jobdeck costs the machine it watches (issue 14): peak and
 * steady RSS, V8 heap in use, CPU % of one core, time to first output, and the npm
 * packages each command loads, side by side with bare `node` and `docker stats
 * --no-stream` as anchors.
 *
 *   npm run build && npm run bench:footprint -- [--url postgres://…] [--seconds 600]
 *     [--monitor-interval 60s] [--skip-dash] [--only status,monitor,dash]
 *     [--node-flags '--no-opt --no-maglev'] [--demo] [--containers 30]
 *
 * Without --url it creates the database `jobdeck_bench_footprint` on the local
 * PostgreSQL (127.0.0.1:5432, user postgres) holding the demo's QFieldCloud schema.
 * `--demo` measures against `jobdeck demo` instead (its embedded PostgreSQL with the
 * simulated QFieldCloud fleet: jobs flowing, workers, history), started for the run.
 * Docker is measured as configured by the environment (DOCKER_HOST or the default
 * socket; a missing engine only degrades its panel); `--containers N` first starts N
 * worker containers of a compose project `footprint` there (the test image, `sleep`,
 * test/helpers/docker-test-project.ts), removed at the end. The dashboard runs in a real
 * pseudo-terminal (util-linux `script`). The probe (bench/footprint-probe.mjs) is
 * preloaded with `node --import` to read the heap and the loaded packages.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DockerTestProject } from '../test/helpers/docker-test-project.js';
import { chunkPackages, loadedPackages } from './bundle-packages.js';
import { stopTracked } from './serve-children.js';
import { startDemo } from './serve-demo.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const SECONDS = Number(option('seconds', '600'));
const MONITOR_INTERVAL = option('monitor-interval', '60s');
const SKIP_DASH = args.includes('--skip-dash');
/** Which runs (by their first word: status, watch, monitor, dashboard); all by default. */
const ONLY = option('only', '')
  .split(',')
  .filter((word) => word !== '');
const wanted = (label: string): boolean =>
  ONLY.length === 0 || ONLY.some((word) => label.startsWith(word));
/** V8 / Node flags put before jobdeck's own (which the CLI's re-exec keeps). */
const NODE_FLAGS = option('node-flags', '')
  .split(' ')
  .filter((flag) => flag !== '');
const DEMO = args.includes('--demo');
const CONTAINERS = Number(option('containers', '0'));
const repoRoot = join(import.meta.dirname, '..', '..');
const cli = join(repoRoot, 'dist', 'cli.js');
const probe = join(repoRoot, 'bench', 'footprint-probe.mjs');
const CLK_TCK = 100;

interface Sample {
  readonly t: number;
  readonly rssKb: number;
  readonly cpuTicks: number;
}

interface Run {
  readonly label: string;
  readonly firstOutputMs: number | null;
  readonly peakKb: number;
  readonly samples: readonly Sample[];
  readonly heapUsed: number | null;
  readonly packages: readonly string[];
  readonly builtins: readonly string[];
}

const dist = join(repoRoot, 'dist');
const byChunk = chunkPackages(dist);

function readProc(pid: number): { rssKb: number; hwmKb: number; cpuTicks: number } | null {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(key + ':\\s+(\\d+)').exec(status)?.[1]);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie (exited, not yet reaped) has no VmRSS line.
    if (Number.isNaN(kb('VmRSS'))) return null;
    return {
      rssKb: kb('VmRSS'),
      hwmKb: kb('VmHWM'),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return null;
  }
}

function argv0Of(pid: number): string {
  try {
    return readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

/** The measured node process: `pid` itself, or (under `script`) its node descendant. */
function nodePid(pid: number, pty: boolean): number | null {
  if (!pty) return pid;
  const children = spawnSync('pgrep', ['-P', String(pid)])
    .stdout.toString()
    .trim()
    .split('\n');
  for (const child of children.map(Number).filter((n) => n > 0)) {
    if (argv0Of(child) === process.execPath) return child;
    const deeper = nodePid(child, true);
    if (deeper !== null) return deeper;
  }
  return null;
}

async function measure(
  label: string,
  argv: readonly string[],
  opts: { env: NodeJS.ProcessEnv; seconds?: number; pty?: boolean },
): Promise<Run> {
  const outFile = join(tmpdir(), `jobdeck-footprint-${String(process.pid)}.json`);
  rmSync(outFile, { force: true });
  const nodeArgv = [
    process.execPath,
    ...(argv[0] === cli ? NODE_FLAGS : []),
    '--import',
    probe,
    ...argv,
  ];
  const env = { ...opts.env, FOOTPRINT_OUT: outFile };
  const child =
    opts.pty === true
      ? spawn('script', ['-qfec', nodeArgv.map((a) => `'${a}'`).join(' '), '/dev/null'], {
          env: { ...env, COLUMNS: '120', LINES: '40' },
          stdio: ['pipe', 'pipe', 'pipe'],
        })
      : spawn(nodeArgv[0] ?? 'node', nodeArgv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = performance.now();
  let firstOutputMs: number | null = null;
  child.stdout.on('data', () => {
    firstOutputMs ??= performance.now() - started;
  });
  child.stderr.on('data', () => undefined);
  const state = { exited: false };
  child.on('exit', () => {
    state.exited = true;
  });
  const samples: Sample[] = [];
  let peakKb = 0;
  const deadline = opts.seconds === undefined ? Infinity : started + opts.seconds * 1000;
  while (!state.exited && performance.now() < deadline) {
    const pid = child.pid === undefined ? null : nodePid(child.pid, opts.pty === true);
    const proc = pid === null ? null : readProc(pid);
    if (proc !== null) {
      peakKb = Math.max(peakKb, proc.hwmKb);
      samples.push({ t: (performance.now() - started) / 1000, ...proc });
    }
    await new Promise((r) => setTimeout(r, opts.seconds === undefined ? 20 : 1000));
  }
  if (!state.exited) {
    if (opts.pty === true) child.stdin?.write('q');
    else child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
  }
  const probed = existsSync(outFile)
    ? (JSON.parse(readFileSync(outFile, 'utf8')) as {
        heapUsed: number;
        files: string[];
        builtins: string[];
      })
    : null;
  rmSync(outFile, { force: true });
  return {
    label,
    firstOutputMs,
    peakKb,
    samples,
    heapUsed: probed?.heapUsed ?? null,
    packages: loadedPackages(probed?.files ?? [], dist, byChunk),
    builtins: (probed?.builtins ?? []).flatMap(
      (entry) => /^NativeModule ([a-z]\w*)$/.exec(entry)?.[1] ?? [],
    ),
  };
}

function at(run: Run, seconds: number): Sample | undefined {
  return run.samples.find((s) => s.t >= seconds) ?? run.samples.at(-1);
}

function report(run: Run): void {
  const mb = (kb: number | undefined): string =>
    kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`;
  const first = run.samples[0];
  const last = run.samples.at(-1);
  const cpu =
    first !== undefined && last !== undefined && last.t > first.t
      ? `${((((last.cpuTicks - first.cpuTicks) / CLK_TCK) * 100) / (last.t - first.t)).toFixed(2)} %`
      : 'n/a';
  const settled = at(run, 5);
  const first1 = at(run, 60);
  console.log(
    [
      run.label.padEnd(28),
      `first output ${run.firstOutputMs === null ? 'n/a' : `${run.firstOutputMs.toFixed(0)} ms`}`,
      `peak ${mb(run.peakKb)}`,
      `5 s ${mb(settled?.rssKb)}`,
      `1 min ${mb(first1?.rssKb)}`,
      `end ${mb(last?.rssKb)} (${last?.t.toFixed(0) ?? '?'} s)`,
      `cpu ${cpu}`,
      `heap ${run.heapUsed === null ? 'n/a' : `${(run.heapUsed / 1048576).toFixed(0)} MB`}`,
    ].join(' · '),
  );
  if (run.packages.length > 0) console.log(`  packages: ${run.packages.join(' ')}`);
  // Node's modules that cost memory of their own when loaded (bench/README.md).
  const heavy = run.builtins.filter((name) =>
    ['http', 'https', 'tls', 'crypto', 'sqlite', 'worker_threads', 'zlib'].includes(name),
  );
  if (heavy.length > 0) console.log(`  node: ${heavy.join(' ')}`);
}

async function benchDatabase(): Promise<string> {
  const given = option('url', '');
  if (given !== '') return given;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS jobdeck_bench_footprint');
  await admin.query('CREATE DATABASE jobdeck_bench_footprint');
  await admin.end();
  const url = 'postgres://postgres@127.0.0.1:5432/jobdeck_bench_footprint';
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(readFileSync(join(repoRoot, 'src', 'demo', 'qfieldcloud-schema.sql'), 'utf8'));
  await db.end();
  return url;
}

const demoDir = join(tmpdir(), 'jobdeck-bench-footprint-demo');
const demo = DEMO ? await startDemo(cli, demoDir, 180_000) : null;
const url = demo?.url ?? (await benchDatabase());
// N worker containers of the compose project `footprint` that only sleep; a run that was
// interrupted left its own behind, which go first.
const fleet = new DockerTestProject('footprint');
if (CONTAINERS > 0) {
  await fleet.remove();
  for (let c = 1; c <= CONTAINERS; c++) {
    await fleet.run({ service: 'worker', number: c, script: 'exec sleep 1000000' });
  }
}
// Its own state dir: the monitor's history and alert state stay out of the user's.
const stateHome = join(tmpdir(), 'jobdeck-bench-footprint-state');
const env = { ...process.env, DATABASE_URL: url, NO_COLOR: '1', XDG_STATE_HOME: stateHome };
console.log(
  `footprint of jobdeck on ${demo === null ? url.replace(/:[^:@/]*@/, ':***@') : 'the demo'}${CONTAINERS > 0 ? ` with ${String(CONTAINERS)} worker containers` : ''}, Node ${process.version}`,
);
report(await measure('bare node', ['-e', 'setTimeout(() => {}, 300)'], { env }));
const dockerStats = performance.now();
const stats = spawnSync('docker', ['stats', '--no-stream'], { encoding: 'utf8' });
console.log(
  `docker stats --no-stream       ${stats.status === 0 ? `${(performance.now() - dockerStats).toFixed(0)} ms` : 'no engine'}`,
);
if (NODE_FLAGS.length > 0) console.log(`node flags: ${NODE_FLAGS.join(' ')}`);
if (wanted('status')) {
  report(await measure('status', [cli, 'status'], { env }));
  report(await measure('status --json', [cli, 'status', '--json'], { env }));
}
if (wanted('watch')) report(await measure('watch --once', [cli, 'watch', '--once'], { env }));
if (wanted('monitor')) {
  report(
    await measure(
      `monitor --interval ${MONITOR_INTERVAL}`,
      [cli, 'monitor', '--passive', '--interval', MONITOR_INTERVAL],
      {
        env,
        seconds: SECONDS,
      },
    ),
  );
}
if (!SKIP_DASH && wanted('dash')) {
  report(
    await measure('dashboard (pty 120×40)', [cli, 'dash'], { env, seconds: SECONDS, pty: true }),
  );
}
if (CONTAINERS > 0) await fleet.remove();
if (demo !== null) await stopTracked(demo.child, 'SIGTERM', 10_000);
