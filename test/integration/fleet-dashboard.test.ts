import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/run-cli.js';
import { requireTestHosts, TestHosts, type TestHost } from '../helpers/test-hosts.js';
import { PtySession, ptyAvailable } from '../ui/helpers/pty-session.js';

const hostsAvailable = await requireTestHosts();
if (!hostsAvailable.available) console.warn(hostsAvailable.reason);
const pty = ptyAvailable();
if (!pty && process.env.CI === 'true') throw new Error('fleet e2e: python3 with pty is needed');

const COLS = 140;
const ROWS = 30;

/** What the terminal shows now: the raw output replayed on an xterm.js screen. */
async function screen(raw: string): Promise<string[]> {
  const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  await new Promise<void>((resolve) => {
    term.write(raw, resolve);
  });
  const buffer = term.buffer.active;
  const lines = Array.from(
    { length: ROWS },
    (_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '',
  );
  term.dispose();
  return lines;
}

async function until(
  session: PtySession,
  what: string,
  check: (lines: string[]) => boolean,
  timeoutMs = 20_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = await screen(session.output);
    if (check(lines)) return lines;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not show within ${timeoutMs} ms; the screen:\n${lines.join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The overview row of a target: `1 host1  OPERATIONAL …`. */
const row = (lines: string[], name: string): string =>
  lines.find((l) => new RegExp(`\\b\\d ${name}\\s`).test(l)) ?? '';

/** Established TCP connections to 127.0.0.1:port (only jobdeck connects to the test hosts). */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((line) => line.trim() !== '').length;
}

describe.skipIf(!hostsAvailable.available || !pty)('jobdeck over three ssh:// hosts', () => {
  const hosts = new TestHosts({ root: '/tmp/jobdeck-vitest-fleet', basePort: 22321 });
  const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-fleet-'));
  let list: TestHost[] = [];
  let session: PtySession;

  beforeAll(async () => {
    list = await hosts.start(3, 2);
    const targets = list.flatMap((host) => [
      `  host${host.index}:`,
      '    docker:',
      `      host: ssh://root@127.0.0.1:${host.port}`,
      `      ssh: { identityFile: ${hosts.clientKey}, knownHosts: ${hosts.knownHosts} }`,
    ]);
    writeFileSync(join(cwd, 'jobdeck.yaml'), ['targets:', ...targets, ''].join('\n'));
    session = new PtySession([process.execPath, CLI], {
      cols: COLS,
      rows: ROWS,
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        XDG_STATE_HOME: join(cwd, 'state'),
        XDG_CONFIG_HOME: join(cwd, 'config'),
      },
    });
  }, 180_000);

  afterAll(async () => {
    session.kill();
    await hosts.stop();
    rmSync(cwd, { recursive: true, force: true });
  }, 120_000);

  it('opens on the overview: three targets, each with its own containers, one SSH connection each', async () => {
    const lines = await until(session, 'three operational rows', (l) =>
      ['host1', 'host2', 'host3'].every((name) => /OPERATIONAL.* 2\/2 /.test(row(l, name))),
    );
    expect(lines.some((l) => l.includes('fleet of 3 targets'))).toBe(true);
    for (const host of list) expect(connectionsTo(host.port)).toBe(1);
  }, 40_000);

  it('Enter opens a target, ] the next one, o comes back', async () => {
    session.press('\r');
    await until(
      session,
      "host1's dashboard",
      (l) => l.some((x) => x.includes('host1 (1/3)')) && l.some((x) => x.includes('worker-2')),
    );
    session.press(']');
    await until(session, "host2's dashboard", (l) => l.some((x) => x.includes('host2 (2/3)')));
    session.press('o');
    await until(session, 'the overview', (l) => row(l, 'host3') !== '');
  }, 30_000);

  it('a host whose sshd stops is down alone, and recovers when sshd is back', async () => {
    await hosts.stopSshd(2);
    const down = await until(
      session,
      'host2 down',
      // The row itself must be on screen: a frame caught mid-redraw has none, and an empty
      // row is not OPERATIONAL either.
      (l) => /DOWN|DEGRADED/.test(row(l, 'host2')),
      30_000,
    );
    expect(row(down, 'host1')).toMatch(/OPERATIONAL/);
    expect(row(down, 'host3')).toMatch(/OPERATIONAL/);

    await hosts.startSshd(2);
    await until(session, 'host2 back', (l) => /OPERATIONAL.* 2\/2 /.test(row(l, 'host2')), 60_000);
    expect(connectionsTo(nth(list, 1).port)).toBe(1);
  }, 100_000);

  it('q quits with 0', async () => {
    session.press('q');
    expect(await session.exited).toBe(0);
  }, 15_000);
});

function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}
