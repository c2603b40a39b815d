import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../src/config/alerts-config-schema.js';
import { buildAlertRules } from '../../src/actions/alerts/build-alert-rules.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import { supervisorConfigSchema } from '../../src/config/services-config-schema.js';
import { servicesCollector } from '../../src/sources/services/services-collector.js';
import type { ServiceInstance } from '../../src/sources/services/service-provider.js';
import { SupervisorProvider } from '../../src/sources/services/supervisor/supervisor-provider.js';
import {
  ActionRefusedError,
  SourceQueryError,
  SourceUnreachableError,
} from '../../src/shared/errors.js';
import { alertSnapshot } from '../helpers/alert-snapshot.js';
import { waitForValue } from '../helpers/processes-supervisor.js';
import { requireComponent } from '../helpers/require-component.js';
import { CLI, runCliAsync } from '../helpers/run-cli.js';
import { PtySession, ptyAvailable } from '../ui/helpers/pty-session.js';
import {
  requireSupervisor,
  startSupervisor,
  type SupervisorEnv,
} from '../helpers/supervisor-env.js';

/*
 * The supervisor provider against a real supervisord running real `rq worker` programs
 * (Redis DB 9), grouped the way `bench setup supervisor` groups a Frappe bench.
 */
const sup = requireSupervisor();
const redis = await requireComponent('redis');
if (!sup.available) console.warn(sup.reason);
if (!redis.available) console.warn(redis.reason);

const REDIS_URL = 'redis://127.0.0.1:6379/9';
const SHORT = 'bench-workers:bench-short-worker-0';

describe.skipIf(!sup.available || !redis.available)(
  'SupervisorProvider on a real supervisord',
  () => {
    let env: SupervisorEnv;
    const provider = (readOnly = false, url?: string): SupervisorProvider =>
      new SupervisorProvider({
        config: supervisorConfigSchema.parse({ url: url ?? env.url }),
        readOnly,
        requestTimeoutMs: 5_000,
        startTimeoutMs: 30_000,
        env: {},
      });
    const instance = async (id: string, p = provider()): Promise<ServiceInstance | undefined> =>
      (await p.list()).instances.find((i) => i.id === id);
    const running = (id: string) =>
      waitForValue(
        async () => {
          const i = await instance(id);
          return i?.state === 'running' && i.pid !== null ? i : undefined;
        },
        `${id} running`,
        20_000,
      );

    beforeAll(async () => {
      env = await startSupervisor({ redisUrl: REDIS_URL });
      await running(SHORT);
      await running('bench-workers:bench-default-worker-0');
    }, 40_000);

    afterAll(async () => {
      await env.stop();
    });

    it('lists both rq workers with pid, state, group and replica number, and crashy crash-looping', async () => {
      const listing = await provider().list();
      expect(listing.version).toMatch(/^\d+\.\d+/);
      const short = listing.instances.find((i) => i.id === SHORT);
      expect(short).toMatchObject({
        name: 'bench-short-worker-0',
        service: 'bench-workers',
        number: 0,
        state: 'running',
      });
      expect(short?.pid).toBeGreaterThan(1);
      expect(short?.stateText).toMatch(/^pid \d+, uptime/);
      // /proc/<pid>/cmdline is the real rq worker on the short queue.
      const cmdline = readFileSync(`/proc/${short?.pid ?? 0}/cmdline`, 'utf8').split('\0');
      expect(cmdline.some((a) => a.endsWith('/rq'))).toBe(true);
      expect(cmdline).toContain('short');
      const crashy = await waitForValue(
        async () => {
          const c = await instance('crashy');
          return c?.state === 'fatal' || c?.state === 'backoff' ? c : undefined;
        },
        'crashy in BACKOFF/FATAL',
        20_000,
      );
      expect(crashy.pid).toBeNull();
      expect(crashy.lastLog?.text).toBe('boom');
    }, 30_000);

    it('the collector adds CPU and RSS from /proc, and the crash-loop rule fires for crashy only', async () => {
      // crashy goes STARTING → BACKOFF → STARTING → FATAL (startretries=1); judge it at rest.
      await waitForValue(
        async () => ((await instance('crashy'))?.state === 'fatal' ? true : undefined),
        'crashy FATAL',
        20_000,
      );
      const collector = servicesCollector({
        provider: provider(),
        everyMs: 60_000,
        workerPattern: /worker/,
      });
      await collector.refreshOnce();
      await new Promise((r) => setTimeout(r, 300));
      const result = await collector.refreshOnce();
      await collector.close();
      if (result === null || !result.ok) throw new Error('no listing');
      const containers = result.data.services.flatMap((s) => s.containers);
      const short = containers.find((c) => c.id === SHORT);
      expect(short?.role).toBe('worker');
      expect(short?.service).toBe('bench-short-worker');
      expect(short?.resources?.memoryBytes).toBeGreaterThan(5 * 1024 * 1024);
      expect(short?.resources?.cpuPercent).not.toBeNull();
      expect(result.data.workers).toEqual({ running: 2, total: 2 });
      const rule = buildAlertRules(alertsConfigSchema.parse({}), thresholdsSchema.parse({})).find(
        (r) => r.id === 'crash-loop',
      );
      const found = rule?.check({
        snapshot: alertSnapshot({ containers }),
        now: Date.now(),
        firing: new Set(),
        memory: {},
      });
      expect(containers.find((c) => c.name === 'crashy')).toMatchObject({
        state: 'dead',
        crashLooping: true,
      });
      expect(found?.findings?.map((f) => f.subject)).toEqual(['crashy']);
    }, 30_000);

    it('restart stops and starts the program: a new pid, the old one gone', async () => {
      const before = await running(SHORT);
      const outcome = await provider().restart(SHORT);
      expect(outcome.ok).toBe(true);
      expect(outcome.pidBefore).toBe(before.pid);
      expect(outcome.pidAfter).not.toBe(before.pid);
      expect(outcome.detail).toBe(`restarted (pid ${before.pid} → ${outcome.pidAfter})`);
      expect(existsSync(`/proc/${before.pid}`)).toBe(false);
      expect((await instance(SHORT))?.pid).toBe(outcome.pidAfter);
    }, 40_000);

    it('read-only refuses before any call, the pid unchanged; an unknown program is refused', async () => {
      const before = await running(SHORT);
      await expect(provider(true).restart(SHORT)).rejects.toThrow(ActionRefusedError);
      expect((await instance(SHORT))?.pid).toBe(before.pid);
      await expect(provider().restart('bench-workers:nope')).rejects.toThrow(
        /not a program of supervisor/,
      );
    });

    it('an absent socket is unreachable, naming the path', async () => {
      const path = join(env.dir, 'missing.sock');
      const error = await provider(false, `unix://${path}`)
        .list()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceUnreachableError);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain('ENOENT');
    });

    it('`jobdeck restart <program>` restarts it through supervisord and audits it', async () => {
      const before = await running(SHORT);
      const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-sup-cli-'));
      writeFileSync(join(cwd, 'jobdeck.yaml'), `services:\n  supervisor:\n    url: ${env.url}\n`);
      const r = await runCliAsync(cwd, ['restart', 'bench-short-worker-0', '--yes'], {
        USER: 'ops',
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`restarted (pid ${before.pid} →`);
      const after = await instance(SHORT);
      expect(after?.pid).not.toBe(before.pid);
      const audit = readFileSync(join(cwd, 'xdg-state', 'jobdeck', 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n');
      const line = JSON.parse(audit.at(-1) ?? '{}') as Record<string, unknown>;
      expect(line).toMatchObject({
        user: 'ops',
        via: 'cli',
        action: 'restart',
        ok: true,
        target: 'supervisor bench-short-worker-0',
      });
      // --read-only refuses the same command, and the pid stays.
      const refused = await runCliAsync(cwd, [
        'restart',
        'bench-short-worker-0',
        '--yes',
        '--read-only',
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('read-only');
      expect((await instance(SHORT))?.pid).toBe(after?.pid);
    }, 60_000);

    it.skipIf(!ptyAvailable())(
      'the dashboard: r, y on a worker row restarts that program and audits it',
      async () => {
        const short = await running(SHORT);
        const other = await running('bench-workers:bench-default-worker-0');
        const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-sup-dash-'));
        writeFileSync(join(cwd, 'jobdeck.yaml'), `services:\n  supervisor:\n    url: ${env.url}\n`);
        const session = new PtySession([process.execPath, CLI], {
          cols: 140,
          rows: 40,
          cwd,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: cwd,
            USER: 'ops',
            XDG_STATE_HOME: join(cwd, 'state'),
            XDG_CONFIG_HOME: join(cwd, 'config'),
          },
        });
        try {
          await session.waitFor('bench-short-worker-0');
          expect(session.output).toContain('supervisor live');
          // Rows by service: bench-default-worker-0, then bench-short-worker-0.
          session.press('j');
          await new Promise((resolve) => setTimeout(resolve, 300));
          session.press('r');
          await session.waitFor('press y to run it');
          expect(session.output).toContain(
            'supervisor.stopProcess("bench-workers:bench-short-worker-0")',
          );
          session.press('y');
          await session.waitFor('restarted (pid', 40_000);
          expect((await instance(SHORT))?.pid).not.toBe(short.pid);
          expect((await instance('bench-workers:bench-default-worker-0'))?.pid).toBe(other.pid);
          const audit = readFileSync(join(cwd, 'state', 'jobdeck', 'audit.jsonl'), 'utf8')
            .trim()
            .split('\n');
          expect(JSON.parse(audit.at(-1) ?? '{}')).toMatchObject({
            via: 'dashboard',
            action: 'restart',
            user: 'ops',
            ok: true,
          });
          session.press('q');
          expect(await session.exited).toBe(0);
        } finally {
          session.kill();
        }
      },
      90_000,
    );

    it('status --json shows the programs with pid, CPU and memory, crashy crash-looping', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-sup-status-'));
      writeFileSync(join(cwd, 'jobdeck.yaml'), `services:\n  supervisor:\n    url: ${env.url}\n`);
      const r = await runCliAsync(cwd, ['status', '--json']);
      const report = JSON.parse(r.stdout) as {
        docker: {
          ok: boolean;
          provider: string;
          services: {
            containers: {
              name: string;
              pid: number | null;
              crashLooping: boolean;
              memoryMiB: number | null;
            }[];
          }[];
        };
      };
      expect(report.docker.ok).toBe(true);
      expect(report.docker.provider).toBe('supervisor');
      const all = report.docker.services.flatMap((s) => s.containers);
      const short = all.find((c) => c.name === 'bench-short-worker-0');
      expect(short?.pid).toBeGreaterThan(1);
      expect(short?.memoryMiB).toBeGreaterThan(5);
      expect(all.find((c) => c.name === 'crashy')?.crashLooping).toBe(true);
    }, 30_000);
  },
);

describe.skipIf(!sup.available || !redis.available)(
  'SupervisorProvider with a password on the socket',
  () => {
    let env: SupervisorEnv;
    beforeAll(async () => {
      env = await startSupervisor({
        redisUrl: REDIS_URL,
        auth: { username: 'jd', password: 's3cret' },
      });
    }, 40_000);
    afterAll(async () => {
      await env.stop();
    });
    const list = (password: string) =>
      new SupervisorProvider({
        config: supervisorConfigSchema.parse({
          url: env.url,
          username: 'jd',
          passwordEnv: 'SUP_PW',
        }),
        readOnly: true,
        requestTimeoutMs: 5_000,
        startTimeoutMs: 5_000,
        env: { SUP_PW: password },
      }).list();

    it('reads with the password from the environment; a wrong one is a clear error without it', async () => {
      expect((await list('s3cret')).instances.length).toBeGreaterThan(0);
      const error = await list('wrong').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceQueryError);
      expect((error as Error).message).toContain('refused the credentials');
      expect((error as Error).message).not.toContain('wrong');
    });
  },
);
