import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { buildStatusReport } from '../../src/app/status/build-status-report.js';
import { EXEC_COMMANDS, parseExecCommand, runExec } from '../../src/serve/exec-session.js';
import type { ExecSources } from '../../src/serve/exec-session.js';
import type { SessionChannel } from '../../src/serve/session-channel.js';
import type { AppSnapshot } from '../../src/store/app-snapshot.js';
import { appSnapshot, NOW } from '../ui/helpers/build-snapshot.js';

describe('parseExecCommand: only the read-only commands', () => {
  it.each([
    ['status', 'status'],
    ['  status --json ', 'status --json'],
    ['status\t--json', 'status --json'],
    ['watch --once', 'watch --once'],
    ['jobdeck watch --once', 'watch --once'],
    ['jobdeck status', 'status'],
  ] as const)('%j → %s', (command, parsed) => {
    expect(parseExecCommand(command)).toBe(parsed);
  });

  it.each([
    'rm -rf /',
    'status; rm',
    'status && rm -rf /',
    'restart x',
    'watch',
    'status --json --verbose',
    'jobdeck',
    '',
    '   ',
  ])('%j → null', (command) => {
    expect(parseExecCommand(command)).toBeNull();
  });
});

/** A fake ssh2 server channel: stdout and stderr are PassThroughs, `exit` is recorded. */
function fakeChannel(): { channel: SessionChannel; stderr: PassThrough; exits: number[] } {
  const stderr = new PassThrough();
  const exits: number[] = [];
  const channel = Object.assign(new PassThrough(), {
    stderr,
    exit: (code: number) => {
      exits.push(code);
    },
  });
  return { channel, stderr, exits };
}

function sources(snapshot: AppSnapshot): ExecSources & { asked: () => number } {
  let asked = 0;
  return {
    snapshot: () => {
      asked++;
      return Promise.resolve(snapshot);
    },
    report: (s) => buildStatusReport(s, NOW),
    asked: () => asked,
  };
}

// One escape character, built so the pattern holds no control character of its own.
const ESC = String.fromCharCode(0x1b);

describe('runExec', () => {
  it('refuses a command that is not offered: names the allowed ones on stderr, exits 2', async () => {
    const { channel, stderr, exits } = fakeChannel();
    const from = sources(appSnapshot());
    const code = await runExec(channel, 'rm -rf /', from);
    expect(code).toBe(2);
    expect(exits).toEqual([2]);
    expect(from.asked()).toBe(0);

    stderr.end();
    const said = await text(stderr);
    expect(said.endsWith('\n')).toBe(true);
    expect(said.trimEnd().split('\n')).toHaveLength(1);
    for (const command of EXEC_COMMANDS) expect(said).toContain(command);
    expect(said).toContain('rm -rf /');
    expect(await text(channel)).toBe(''); // nothing on stdout; the channel was ended
  });

  it.each([
    ['OPERATIONAL', 0],
    ['DEGRADED', 1],
    ['DOWN', 2],
  ] as const)(
    'status --json of a %s snapshot: parseable JSON, exit code %i',
    async (verdict, exitCode) => {
      const { channel, exits } = fakeChannel();
      const code = await runExec(channel, 'status --json', sources(appSnapshot({ verdict })));
      const report = JSON.parse(await text(channel)) as { verdict: string; exitCode: number };
      expect(report.verdict).toBe(verdict);
      expect(report.exitCode).toBe(exitCode);
      expect(code).toBe(exitCode);
      expect(exits).toEqual([exitCode]);
    },
  );

  it('status prints the plain report, without colours', async () => {
    const { channel, exits } = fakeChannel();
    const code = await runExec(channel, 'jobdeck status', sources(appSnapshot()));
    const out = await text(channel);
    expect(out).toContain('jobdeck status');
    expect(out).toContain('DEGRADED');
    expect(out).not.toContain(ESC);
    expect(code).toBe(1);
    expect(exits).toEqual([1]);
  });

  it('watch --once prints the compact panel without any escape sequence', async () => {
    const { channel, exits } = fakeChannel();
    const code = await runExec(channel, 'watch --once', sources(appSnapshot()));
    const out = await text(channel);
    expect(out).toContain('DEGRADED');
    expect(out).toContain('waiting 4');
    expect(out).not.toContain(ESC);
    expect(code).toBe(1);
    expect(exits).toEqual([1]);
  });

  it('watch --once before any verdict exits 2', async () => {
    const { channel, exits } = fakeChannel();
    const code = await runExec(channel, 'watch --once', sources(appSnapshot({ verdict: null })));
    await text(channel);
    expect(code).toBe(2);
    expect(exits).toEqual([2]);
  });
});
