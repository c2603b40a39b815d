/**
 * bench/fleet.ts — the fleet view over many hosts (issue 13): N test hosts (an sshd and a
 * private Docker engine each, scripts/test-hosts.sh) with M worker containers each, all
 * in one config as ssh:// targets. Measures
 *   - time from `jobdeck` starting to the first complete fleet overview (every row has a
 *     verdict and M/M workers) — target ≤ 3 s for 10 × 30,
 *   - SSH connections per host while the dashboard runs (`ss -tnp`; must be 1),
 *   - jobdeck's CPU (% of one core) and RSS over the steady window after the first view,
 *   - and, for comparison, how long `jobdeck status --json` takes for all targets.
 *
 *   npm run build && npm run bench:fleet -- [--hosts 10] [--containers 30] [--seconds 30]
 *     [--keep] (leave the hosts running afterwards)
 *
 * Needs root, dockerd, openssh-server and the image scripts/test-env.sh builds. The
 * dashboard runs in a real pseudo-terminal (util-linux `script`), its screen read with
 * xterm.js headless. The hosts live under /tmp/jobdeck-bench-fleet on ports 22401+.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1] ?? fallback) : fallback;
};
const HOSTS = option('hosts', 10);
const CONTAINERS = option('containers', 30);
const SECONDS = option('seconds', 30);
const KEEP = args.includes('--keep');
const repoRoot = join(import.meta.dirname, '..', '..');
const cli = join(repoRoot, 'dist', 'cli.js');
const ROOT = '/tmp/jobdeck-bench-fleet';
const BASE_PORT = 22401;
const COLUMNS = 160;
const ROWS = Math.max(40, HOSTS + 12);
const CLK_TCK = 100;

const hostsEnv = {
  ...process.env,
  JOBDECK_TEST_HOSTS: ROOT,
  JOBDECK_TEST_HOSTS_PORT: String(BASE_PORT),
};

function script(...scriptArgs: string[]): void {
  execFileSync('bash', [join(repoRoot, 'scripts', 'test-hosts.sh'), ...scriptArgs], {
    env: hostsEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function readProc(pid: number): { rssKb: number; cpuTicks: number } | null {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    if (Number.isNaN(rss)) return null;
    return { rssKb: rss, cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** The node process under `script` (its child, or grandchild through the shell). */
function nodePid(pid: number): number | null {
  const children = spawnSync('pgrep', ['-P', String(pid)])
    .stdout.toString()
    .trim()
    .split('\n');
  for (const child of children.map(Number).filter((n) => n > 0)) {
    const argv0 = readFileSync(`/proc/${String(child)}/cmdline`, 'utf8').split('\0')[0] ?? '';
    if (argv0 === process.execPath) return child;
    const deeper = nodePid(child);
    if (deeper !== null) return deeper;
  }
  return null;
}

/** Established TCP connections of `pid` to each host port. */
function connectionsPerHost(pid: number): number[] {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established'], { encoding: 'utf8' });
  return Array.from({ length: HOSTS }, (_, i) => {
    const port = BASE_PORT + i;
    return out
      .split('\n')
      .filter(
        (line) =>
          line.includes(`127.0.0.1:${String(port)} `) && line.includes(`pid=${String(pid)},`),
      ).length;
  });
}

function screenText(term: xterm.Terminal): string {
  const lines: string[] = [];
  const buffer = term.buffer.active;
  for (let i = 0; i < term.rows; i++)
    lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('run as root: each test host starts a dockerd');
  const t0 = performance.now();
  process.stdout.write(
    `starting ${String(HOSTS)} test hosts × ${String(CONTAINERS)} containers under ${ROOT}…\n`,
  );
  script('start', String(HOSTS), String(CONTAINERS));
  process.stdout.write(`hosts ready in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);

  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-bench-fleet-'));
  const config = join(dir, 'jobdeck.yaml');
  const targets = Array.from({ length: HOSTS }, (_, i) => [
    `  host${String(i + 1)}:`,
    '    docker:',
    `      host: ssh://root@127.0.0.1:${String(BASE_PORT + i)}`,
    `      ssh: { identityFile: ${ROOT}/client_key, knownHosts: ${ROOT}/known_hosts }`,
    '      logs: { enabled: true }',
  ]);
  writeFileSync(config, ['targets:', ...targets.flat(), ''].join('\n'));
  const env = {
    ...process.env,
    HOME: dir,
    XDG_STATE_HOME: join(dir, 'state'),
    NODE_ENV: 'production',
  };

  // status --json for every target: the one-shot view of the same fleet.
  const s0 = performance.now();
  const status = spawnSync(process.execPath, [cli, 'status', '--json', '--config', config], {
    env,
    encoding: 'utf8',
  });
  const statusMs = performance.now() - s0;
  const statusTargets = (JSON.parse(status.stdout) as { targets: unknown[] }).targets.length;

  const term = new xterm.Terminal({ cols: COLUMNS, rows: ROWS, allowProposedApi: true });
  const command = `stty cols ${String(COLUMNS)} rows ${String(ROWS)}; exec ${process.execPath} ${cli} --config ${config}`;
  const started = performance.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  child.stdout.on('data', (chunk: Buffer) => {
    term.write(chunk);
  });
  const workers = `${String(CONTAINERS)}/${String(CONTAINERS)}`;
  const complete = (text: string): boolean => {
    const rows = text.split('\n').filter((line) => /\bhost\d+\s/.test(line));
    return (
      rows.length >= HOSTS &&
      rows.every((line) => /OPERATIONAL|DEGRADED|DOWN/.test(line) && line.includes(workers))
    );
  };
  let firstViewMs: number | null = null;
  while (performance.now() - started < 60_000) {
    await new Promise((r) => setTimeout(r, 25));
    if (complete(screenText(term))) {
      firstViewMs = performance.now() - started;
      break;
    }
  }
  const pid = child.pid === undefined ? null : nodePid(child.pid);
  if (pid === null) throw new Error('the dashboard process did not start');
  // Steady window: CPU and RSS from /proc, connections per host every 5 s.
  const begin = readProc(pid);
  const beganAt = performance.now();
  let maxConnections = 0;
  let minConnections = Infinity;
  let peakRssKb = 0;
  while (performance.now() - beganAt < SECONDS * 1000) {
    const counts = connectionsPerHost(pid);
    maxConnections = Math.max(maxConnections, ...counts);
    minConnections = Math.min(minConnections, ...counts);
    peakRssKb = Math.max(peakRssKb, readProc(pid)?.rssKb ?? 0);
    await new Promise((r) => setTimeout(r, 5_000));
  }
  const end = readProc(pid);
  const elapsed = (performance.now() - beganAt) / 1000;
  const cpu =
    begin === null || end === null
      ? null
      : ((end.cpuTicks - begin.cpuTicks) / CLK_TCK / elapsed) * 100;
  const finalScreen = screenText(term);
  child.stdin.write('q');
  await new Promise((r) => setTimeout(r, 1500));
  child.kill('SIGKILL');
  term.dispose();

  const line = (label: string, value: string): void => {
    process.stdout.write(`${label.padEnd(44)} ${value}\n`);
  };
  process.stdout.write(
    `\nfleet: ${String(HOSTS)} hosts × ${String(CONTAINERS)} containers over ssh:// (loopback)\n`,
  );
  line(
    'first complete fleet view (target ≤ 3 s)',
    firstViewMs === null ? 'not reached in 60 s' : `${(firstViewMs / 1000).toFixed(2)} s`,
  );
  line(
    'SSH connections per host (min–max, must be 1)',
    `${String(minConnections)}–${String(maxConnections)}`,
  );
  line(
    `jobdeck CPU over ${String(SECONDS)} s (% of one core)`,
    cpu === null ? 'n/a' : `${cpu.toFixed(1)} %`,
  );
  line(
    'jobdeck RSS at the end / peak',
    `${String(Math.round((end?.rssKb ?? 0) / 1024))} / ${String(Math.round(peakRssKb / 1024))} MB`,
  );
  line(
    `status --json, all ${String(statusTargets)} targets`,
    `${(statusMs / 1000).toFixed(2)} s (exit ${String(status.status)})`,
  );
  if (firstViewMs === null) process.stdout.write(`\nlast screen:\n${finalScreen}\n`);
  rmSync(dir, { recursive: true, force: true });
  if (!KEEP) script('stop');
}

await main();
