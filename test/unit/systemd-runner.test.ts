import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceUnreachableError } from '../../src/shared/errors.js';
import { createSystemctlRunner } from '../../src/sources/services/systemd/create-systemctl-runner.js';
import { systemctlErrorLine } from '../../src/sources/services/systemd/systemctl-error-line.js';

const HAS_SYSTEMCTL = existsSync('/usr/bin/systemctl') || existsSync('/bin/systemctl');

describe('createSystemctlRunner', () => {
  it('says what to use instead when systemctl is not installed', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'jobdeck-nopath-'));
    const path = process.env.PATH;
    process.env.PATH = empty;
    try {
      const run = createSystemctlRunner(5_000)('systemctl', ['--version']);
      await expect(run).rejects.toBeInstanceOf(SourceUnreachableError);
      await expect(run).rejects.toThrow(
        'systemctl not found: the systemd provider needs systemd (use services.processes or services.supervisor instead)',
      );
    } finally {
      process.env.PATH = path;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it.skipIf(!HAS_SYSTEMCTL)('runs the real systemctl without a shell', async () => {
    const result = await createSystemctlRunner(5_000)('systemctl', ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^systemd \d+/);
  });

  it.skipIf(!HAS_SYSTEMCTL)('returns a failing call as a result with its exit code', async () => {
    const result = await createSystemctlRunner(5_000)('systemctl', ['--no-such-option']);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr).toMatch(/unrecognized option/);
  });
});

describe('systemctlErrorLine', () => {
  it('skips the "See … for details." hint systemctl appends', () => {
    expect(
      systemctlErrorLine(
        'Job for w.service failed because the control process exited with error code.\nSee "systemctl status w.service" and "journalctl -xeu w.service" for details.\n',
      ),
    ).toBe('Job for w.service failed because the control process exited with error code.');
    expect(systemctlErrorLine('')).toBe('no error message');
  });
});
