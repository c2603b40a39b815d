/**
 * bench/serve.ts — what `jobdeck serve` costs per SSH viewer: for 0 (baseline), 1, 5 and
 * 20 concurrent viewers, over one shared store on the demo.
 *
 *   npm run build && npm run bench:serve -- [--seconds 60] [--viewers 1,5,20] [--settle 5]
 *   npm run bench:serve -- --quick          # 10 s windows, to try it out
 *   npm run bench:serve -- --own            # every viewer types: one render per viewer
 *   npm run bench:serve -- --viewers 20 --cpu-prof /tmp/prof   # where the server's time goes
 *
 * Starts `node dist/cli.js demo --data-dir <tmp>` (an embedded PostgreSQL with a
 * simulated QFieldCloud fleet), then `jobdeck serve` on a copy of the demo's
 * jobdeck.yaml with a `serve:` section added (one ed25519 viewer key), with the
 * environment the demo gives its own monitor (DATABASE_URL, XDG_STATE_HOME). The serve's
 * DATABASE_URL goes through a counting pass-through proxy (bench/serve-pg-proxy.ts) so
 * that jobdeck's own transactions can be told apart from the fleet's.
 *
 * Per window (`--seconds`, after `--settle` seconds for the viewers' first paint), with N
 * real SSH clients (ssh2's Client, a 120×40 pty, reading everything):
 * - the server's CPU % of one core (utime+stime of /proc/<pid>/stat) and its RSS at the end;
 * - bytes per viewer per second, and per refresh = per viewer / (seconds / interval): the
 *   assumption is one store refresh per config interval (2 s unless `interval:` says);
 * - the database's `xact_commit` delta (pg_stat_database, read directly, our own reads
 *   subtracted) per second, and its difference from the 0-viewer windows (the demo's
 *   fleet, producer and monitor commit too: one window before, one after, averaged);
 * - jobdeck's own transactions and round trips per second, counted on the wire (one
 *   transaction per store refresh here, so bytes per viewer per counted transaction is
 *   the per-refresh figure without the interval assumption: refreshes run late under load).
 * Targets: 20 viewers cost < 5 % of a core more than 1; the database sees the same rate.
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateEd25519 } from '../src/serve/generate-ed25519.js';
import { parse, stringify } from 'yaml';
import { spawnTracked, stopTracked } from './serve-children.js';
import { startDemo, type RunningDemo } from './serve-demo.js';
import { startPgProxy, type PgProxy } from './serve-pg-proxy.js';
import { Viewer } from './serve-viewer.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const QUICK = args.includes('--quick');
const SECONDS = Number(option('seconds', QUICK ? '10' : '60'));
const SETTLE = Number(option('settle', '5'));
const COUNTS = option('viewers', '1,5,20')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const SIZE = { cols: 120, rows: 40 };
/**
 * `--own`: every viewer presses Tab once, so each has a dashboard of its own (the worst
 * case). Without it the viewers never type and share one render (the best case).
 */
const OWN = args.includes('--own');
/** `--cpu-prof DIR`: the server writes a V8 CPU profile there when it stops. */
const CPU_PROF = option('cpu-prof', '');
const repoRoot = join(import.meta.dirname, '..', '..');
const CLI = join(repoRoot, 'dist', 'cli.js');
const CLK_TCK = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** The config's `interval:` in seconds (a duration like 2s / 500ms / 1m, or seconds). */
function intervalSeconds(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 2;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (m === null) return 2;
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? 's'] ?? 1;
  return Number(m[1]) * unit;
}

interface Row {
  readonly label: string;
  readonly viewers: number;
  readonly seconds: number;
  readonly cpuPct: number;
  readonly rssMb: number;
  /** Mean bytes per viewer over the window; min and max over the viewers. */
  readonly bytesPerViewer: number;
  readonly bytesMin: number;
  readonly bytesMax: number;
  /** Mean frames (bursts of output) per viewer over the window. */
  readonly framesPerViewer: number;
  readonly xactPerS: number;
  readonly wireTxPerS: number;
  readonly wireRoundTripsPerS: number;
  readonly wireConnections: number;
  readonly wireOpen: number;
  readonly viewersClosed: number;
}

interface Bench {
  readonly demo: RunningDemo;
  readonly proxy: PgProxy;
  readonly serve: ChildProcess;
  readonly port: number;
  readonly db: pg.Client;
  readonly privateKey: string;
}

async function xactCommit(db: pg.Client): Promise<number> {
  const r = await db.query<{ n: string }>(
    'SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(r.rows[0]?.n ?? NaN);
}

async function window(bench: Bench, label: string, n: number): Promise<Row> {
  const pid = bench.serve.pid ?? 0;
  const viewers = await Promise.all(
    Array.from({ length: n }, () => Viewer.open(bench.port, bench.privateKey, SIZE)),
  );
  if (OWN) for (const v of viewers) v.press('\t');
  await sleep(SETTLE * 1000);
  const painted = viewers.filter((v) => v.bytes < 1000).length;
  if (painted > 0) throw new Error(`${String(painted)} of ${String(n)} viewers got no dashboard`);
  const bytes0 = viewers.map((v) => v.bytes);
  const frames0 = viewers.map((v) => v.frames);
  const wire0 = { ...bench.proxy.counts };
  const ticks0 = cpuTicks(pid);
  const xact0 = await xactCommit(bench.db);
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const ticks1 = cpuTicks(pid);
  const elapsed = (performance.now() - t0) / 1000;
  const xact1 = await xactCommit(bench.db);
  const wire1 = { ...bench.proxy.counts };
  const rss = rssMb(pid);
  const received = viewers.map((v, i) => v.bytes - (bytes0[i] ?? 0));
  const frames = viewers.reduce((a, v, i) => a + v.frames - (frames0[i] ?? 0), 0);
  const closed = viewers.filter((v) => v.closed).length;
  for (const v of viewers) v.end();
  // The sessions end before the next window opens.
  await sleep(2000);
  return {
    label,
    viewers: n,
    seconds: elapsed,
    cpuPct: ((ticks1 - ticks0) / CLK_TCK / elapsed) * 100,
    rssMb: rss,
    bytesPerViewer: n === 0 ? 0 : received.reduce((a, b) => a + b, 0) / n,
    bytesMin: n === 0 ? 0 : Math.min(...received),
    bytesMax: n === 0 ? 0 : Math.max(...received),
    framesPerViewer: n === 0 ? 0 : frames / n,
    // Our first read's own commit falls inside the window.
    xactPerS: (xact1 - xact0 - 1) / elapsed,
    wireTxPerS: (wire1.idle - wire0.idle) / elapsed,
    wireRoundTripsPerS: (wire1.ready - wire0.ready) / elapsed,
    wireConnections: wire1.connections - wire0.connections,
    wireOpen: wire1.open,
    viewersClosed: closed,
  };
}

async function startServe(
  demo: RunningDemo,
  proxy: PgProxy,
  dir: string,
  publicKey: string,
): Promise<{ serve: ChildProcess; port: number; interval: number }> {
  const viewersFile = join(dir, 'viewers');
  writeFileSync(viewersFile, `${publicKey}\n`);
  const config = parse(readFileSync(demo.configPath, 'utf8')) as Record<string, unknown>;
  config.serve = {
    access: { viewers: viewersFile },
    maxSessions: Math.max(20, ...COUNTS) + 5,
    idleTimeout: 0,
  };
  const hostKeyPath = join(dir, 'host_ed25519_key');
  writeFileSync(hostKeyPath, generateEd25519('bench-host').private, { mode: 0o600 });
  const configPath = join(dir, 'serve.yaml');
  writeFileSync(configPath, stringify(config));
  const url = new URL(demo.url);
  url.port = String(proxy.port);
  const serve = spawnTracked(
    'jobdeck serve',
    [
      process.execPath,
      ...(CPU_PROF === '' ? [] : ['--cpu-prof', '--cpu-prof-dir', CPU_PROF]),
      CLI,
      'serve',
      '-c',
      configPath,
      '--listen',
      '127.0.0.1:0',
      '--host-key',
      hostKeyPath,
    ],
    {
      env: { ...process.env, DATABASE_URL: url.href, XDG_STATE_HOME: demo.stateHome },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  serve.stderr?.setEncoding('utf8');
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`jobdeck serve did not start within 30 s:\n${log}`));
    }, 30_000);
    serve.stderr?.on('data', (chunk: string) => {
      log += chunk;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (m !== null) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    serve.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`jobdeck serve exited (${String(code)}):\n${log}`));
    });
  });
  // Later lines (warnings, session notes) are read and dropped; exits are reported.
  serve.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`jobdeck serve exited (${signal ?? String(code)})\n`);
  });
  return { serve, port, interval: intervalSeconds(config.interval) };
}

let stopping = false;
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  stopping = true;
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      await step().catch((error: unknown) => {
        process.stderr.write(
          `cleanup: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      });
    }
  })();
  return cleaning;
}
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.once(name, () => {
    process.stderr.write(`\n${name}: stopping the serve and the demo…\n`);
    void cleanup().then(() => process.exit(130));
  });
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function report(rows: readonly Row[], interval: number): void {
  const baselines = rows.filter((r) => r.viewers === 0);
  const base = baselines.reduce((a, r) => a + r.xactPerS, 0) / Math.max(1, baselines.length);
  const header = [
    'viewers',
    'serve CPU % of a core',
    'RSS MB (end)',
    `B/viewer/refresh (${String(interval)} s)`,
    'B/viewer/jobdeck tx',
    'B/viewer/s (min–max)',
    'frames/viewer/s',
    'db xact/s',
    'Δ vs 0 viewers',
    'jobdeck tx/s (wire)',
    'round trips/s',
    'db connections',
  ];
  const lines = rows.map((r) => {
    const refreshes = r.seconds / interval;
    return [
      r.label,
      fmt(r.cpuPct, 2),
      fmt(r.rssMb),
      r.viewers === 0 ? '–' : fmt(r.bytesPerViewer / refreshes),
      r.viewers === 0 || r.wireTxPerS === 0
        ? '–'
        : fmt(r.bytesPerViewer / (r.wireTxPerS * r.seconds)),
      r.viewers === 0
        ? '–'
        : `${fmt(r.bytesPerViewer / r.seconds)} (${fmt(r.bytesMin / r.seconds)}–${fmt(r.bytesMax / r.seconds)})`,
      r.viewers === 0 ? '–' : fmt(r.framesPerViewer / r.seconds, 2),
      fmt(r.xactPerS, 2),
      r.viewers === 0 ? '–' : `${r.xactPerS - base >= 0 ? '+' : ''}${fmt(r.xactPerS - base, 2)}`,
      fmt(r.wireTxPerS, 2),
      fmt(r.wireRoundTripsPerS, 2),
      `${String(r.wireOpen)} open, ${String(r.wireConnections)} new`,
    ];
  });
  console.log(`\n| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
  const closed = rows.reduce((a, r) => a + r.viewersClosed, 0);
  if (closed > 0) console.log(`\n${String(closed)} viewer session(s) closed during a window`);
  console.log(
    `\n0-viewer baselines: ${baselines.map((r) => fmt(r.xactPerS, 2)).join(' and ')} xact/s (mean ${fmt(base, 2)}): the demo's fleet, producer and monitor, plus the serve's own polling`,
  );

  const one = rows.find((r) => r.viewers === 1);
  const most = rows.find((r) => r.viewers === Math.max(...COUNTS));
  if (one === undefined || most === undefined || one === most) return;
  const extra = most.cpuPct - one.cpuPct;
  console.log(
    `target: ${String(most.viewers)} viewers cost < 5 % of a core more than 1: ${fmt(extra, 2)} points more (${fmt(one.cpuPct, 2)} → ${fmt(most.cpuPct, 2)} %): ${extra < 5 ? 'met' : 'NOT met'}`,
  );
  const steps = most.viewers - one.viewers;
  console.log(
    `per extra viewer: +${fmt(extra / steps, 2)} % of a core, +${fmt((most.rssMb - one.rssMb) / steps, 1)} MB RSS`,
  );
  // Jobdeck's own, on the wire: exact, unlike the xact_commit delta the fleet dilutes.
  const sameWire =
    Math.abs(most.wireTxPerS - one.wireTxPerS) <= Math.max(0.1, 0.1 * one.wireTxPerS);
  console.log(
    `target: the database sees the same transaction rate: jobdeck ${fmt(one.wireTxPerS, 2)}/s with 1 viewer, ${fmt(most.wireTxPerS, 2)}/s with ${String(most.viewers)} (wire): ${sameWire ? 'met' : 'NOT met'}; xact_commit ${fmt(one.xactPerS, 2)} vs ${fmt(most.xactPerS, 2)}/s (Δ vs baseline ${fmt(one.xactPerS - base, 2)} vs ${fmt(most.xactPerS - base, 2)}, the fleet's own varying rate included)`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-bench-serve-'));
  // As root the embedded PostgreSQL runs as `postgres`: it must reach its data dir here.
  chmodSync(dir, 0o755);
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  });
  const key = generateEd25519('bench-viewer');

  const started = performance.now();
  const demoDir = join(dir, 'demo');
  mkdirSync(demoDir);
  const demoStart = startDemo(CLI, demoDir, 240_000);
  // Registered before it resolves: a Ctrl-C during the start still stops the demo.
  cleanups.push(async () => {
    const demo = await demoStart.catch(() => null);
    if (demo !== null) await stopTracked(demo.child, 'SIGTERM', 30_000);
  });
  const demo = await demoStart;
  const demoS = (performance.now() - started) / 1000;

  const proxy = await startPgProxy('127.0.0.1', demo.pgPort);
  cleanups.push(() => {
    proxy.close();
    return Promise.resolve();
  });
  const db = new pg.Client({ connectionString: demo.url, application_name: 'bench-serve' });
  await db.connect();
  cleanups.push(() => db.end());

  const { serve, port, interval } = await startServe(demo, proxy, dir, key.public);
  cleanups.push(() => stopTracked(serve, 'SIGTERM', 10_000));
  const version =
    (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ??
    '?';
  console.log(
    `jobdeck serve on the demo (PostgreSQL ${version}, ready in ${fmt(demoS, 1)} s), Node ${process.version}; ` +
      `${String(SECONDS)} s per window after ${String(SETTLE)} s to settle, pty ${String(SIZE.cols)}×${String(SIZE.rows)}, refresh every ${String(interval)} s (assumed one store refresh per interval); ` +
      (OWN
        ? 'every viewer pressed Tab: one dashboard each'
        : 'no viewer types: they share one screen'),
  );
  // The first refresh (a full recount) and the serve's start-up are not measured.
  await sleep(5000);

  const bench: Bench = { demo, proxy, serve, port, db, privateKey: key.private };
  const rows: Row[] = [];
  const plan: [string, number][] = [
    ['0 (before)', 0],
    ...COUNTS.map((n): [string, number] => [String(n), n]),
    ['0 (after)', 0],
  ];
  for (const [label, n] of plan) {
    const row = await window(bench, label, n);
    rows.push(row);
    console.log(
      `${label.padEnd(11)} cpu ${fmt(row.cpuPct, 2)} % · rss ${fmt(row.rssMb)} MB · ${fmt(row.bytesPerViewer / row.seconds)} B/viewer/s · xact ${fmt(row.xactPerS, 2)}/s · jobdeck ${fmt(row.wireTxPerS, 2)} tx/s`,
    );
  }
  report(rows, interval);
}

try {
  await main();
} finally {
  await cleanup();
}
