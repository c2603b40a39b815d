import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

import { describe, expect, it } from 'vitest';

import { isAlive } from '../helpers/processes-supervisor.js';
import { CLI } from '../helpers/run-cli.js';
import { PtySession, ptyAvailable } from '../ui/helpers/pty-session.js';
import { readAudit } from '../helpers/read-audit.js';

function pidFiles(runDir: string): Map<string, number> {
  const pids = new Map<string, number>();
  if (!existsSync(runDir)) return pids;
  for (const file of readdirSync(runDir).filter((f) => f.endsWith('.pid'))) {
    pids.set(file.replace(/\.pid$/, ''), Number(readFileSync(join(runDir, file), 'utf8').trim()));
  }
  return pids;
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!ptyAvailable())('jobdeck demo in a terminal (what npm start opens)', () => {
  it('shows the replicas with CPU and memory, restarts one on r y, and shows the monitor’s alerts', async () => {
    // Private, as /root is: the embedded server must cope (issue 11).
    const home = mkdtempSync(join(tmpdir(), 'jobdeck-demo-dash-'));
    const dataDir = join(home, 'demo');
    const runDir = join(dataDir, 'run');
    const session = new PtySession(
      [process.execPath, CLI, 'demo', '--data-dir', dataDir, '--speed', '10'],
      {
        cols: 160,
        rows: 48,
        cwd: home,
        env: { PATH: process.env.PATH ?? '', HOME: home, USER: 'ops' },
      },
    );
    const screen = (): string => stripVTControlCharacters(session.output);
    try {
      await session.waitFor('worker_wrapper-3', 30_000);
      // The Services panel reads the replicas through the processes provider, with
      // their resources; nothing the demo simulates is reported as off.
      await until('memory of the replicas', () => /\d+(\.\d+)? ?MiB/.test(screen()), 15_000);
      expect(screen()).toContain('processes');
      await until('the status bar', () => screen().includes('processes live'), 15_000);
      expect(screen()).not.toMatch(/docker off|probes off|queue off|no Docker source/);
      // The simulated API and cache answer jobdeck's real http and memcached probes.
      await until('the api and cache probes', () => screen().includes('probes live'), 15_000);
      expect(pidFiles(runDir).size).toBe(3);
      // Trends start full: an hour of samples derived from the seeded jobs.
      expect(readFileSync(join(dataDir, 'demo.log'), 'utf8')).toContain(
        'Trends: 60 samples of the last hour from core_job',
      );

      // r on the selected worker row, then y: the replica gets a new pid, audited.
      session.press('r');
      await session.waitFor('press y to run it');
      const name = /restart (worker_wrapper-\d)/.exec(
        screen().split('press y to run it').at(-2) ?? '',
      )?.[1];
      expect(name).toBeDefined();
      const before = pidFiles(runDir).get(name ?? '');
      session.press('y');
      await session.waitFor('started (pid', 30_000);
      const after = pidFiles(runDir).get(name ?? '');
      expect(after).not.toBe(before);
      expect(isAlive(after ?? 0)).toBe(true);
      const audit = readAudit(join(dataDir, 'state', 'jobdeck', 'audit.jsonl'));
      expect(audit.find((a) => a.via === 'dashboard')).toMatchObject({
        action: 'restart',
        user: 'ops',
        ok: true,
      });

      // The demo's monitor sees the incidents: a replica killed at 2 s of ×10 time is
      // not running for 3 checks, so its alert fires and shows in the Alerts panel.
      await until(
        'an alert from the demo monitor',
        () => /worker-not-running|crash-loop/.test(screen()),
        60_000,
      );

      const pids = [...pidFiles(runDir).values()];
      session.press('q');
      expect(await session.exited).toBe(0);
      // Nothing of the demo outlives it: replicas stopped, pid files gone.
      for (const pid of pids) expect(isAlive(pid)).toBe(false);
      expect(pidFiles(runDir).size).toBe(0);
    } catch (error) {
      throw new Error(`${String(error)}\nlast screen:\n${screen().slice(-4000)}`, {
        cause: error,
      });
    } finally {
      session.kill();
    }
  }, 150_000);
});
