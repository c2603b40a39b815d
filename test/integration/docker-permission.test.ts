import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireComponent } from '../helpers/require-component.js';
import { CLI } from '../helpers/run-cli.js';

const docker = await requireComponent('docker');
// Root reads any socket; the check needs another user, which only root can become.
const canSwitch =
  process.getuid?.() === 0 && existsSync('/usr/sbin/runuser') && existsSync('/var/run/docker.sock');
if (!docker.available || !canSwitch) {
  console.warn(
    'skipping the Docker permission test: needs root (to run as nobody), runuser and the local socket',
  );
}

describe.skipIf(!docker.available || !canSwitch)(
  'a Docker socket without permission (run as nobody)',
  () => {
    // The node binary may live under /root (mode 0700): give nobody a copy it can run.
    const dir = mkdtempSync(join(tmpdir(), 'jobdeck-nobody-'));
    chmodSync(dir, 0o755);
    const node = join(dir, 'node');
    copyFileSync(process.execPath, node);
    chmodSync(node, 0o755);
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    const asNobody = (args: string[]) =>
      spawnSync(
        '/usr/sbin/runuser',
        ['-u', 'nobody', '--', 'env', `HOME=${dir}`, `XDG_STATE_HOME=${dir}`, node, CLI, ...args],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 30_000,
        },
      );

    it('doctor and status say what to do in one line, and status degrades instead of crashing', () => {
      const doctor = asNobody(['doctor']);
      expect(doctor.status).toBe(2);
      expect(doctor.stdout).toMatch(
        /FAIL\s+docker\s+permission denied on \/var\/run\/docker\.sock: add your user to the docker group/,
      );
      const status = asNobody(['status', '--json']);
      const report = JSON.parse(status.stdout) as {
        docker: { ok: boolean; provider?: string; error?: string };
        verdict: string;
      };
      expect(report.docker).toEqual({
        ok: false,
        provider: 'docker',
        error: 'permission denied on /var/run/docker.sock: add your user to the docker group',
      });
      expect(report.verdict).toBe('DEGRADED');
    });
  },
);
