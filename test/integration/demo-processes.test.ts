import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { fileConfigSchema } from '../../src/config/config-schema.js';
import { loadSchema } from '../../src/demo/load-schema.js';
import { startDemoFleet, type DemoFleet } from '../../src/demo/start-demo-fleet.js';
import { writeDemoConfig } from '../../src/demo/write-demo-config.js';
import { ProcessesProvider } from '../../src/sources/services/processes/processes-provider.js';
import type { ServiceInstance } from '../../src/sources/services/service-provider.js';
import { isAlive, waitForValue } from '../helpers/processes-supervisor.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let fleet: DemoFleet | undefined;
const controller = new AbortController();
const dataDir = mkdtempSync(join(tmpdir(), 'jobdeck-demo-processes-'));
const runDir = join(dataDir, 'run');
const lines: string[] = [];
let provider: ProcessesProvider;

beforeAll(async () => {
  db = await createTestDatabase('demoproc');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await loadSchema(client);
  } finally {
    await client.end();
  }
  // The provider reads exactly what the demo's config file says.
  const config = fileConfigSchema.parse(
    parse(
      readFileSync(
        writeDemoConfig(dataDir, runDir, {
          statusUrl: 'http://127.0.0.1:9/api/v1/status/',
          cachePort: 9,
        }),
        'utf8',
      ),
    ),
  );
  const groups = config.services?.processes;
  if (groups === undefined) throw new Error('the demo config has no processes group');
  provider = new ProcessesProvider({ groups, readOnly: false, startTimeoutMs: 15_000 });
  fleet = await startDemoFleet({
    url: db.url,
    workers: 3,
    speed: 40,
    runDir,
    signal: controller.signal,
    log: (line) => lines.push(line),
  });
});

afterAll(async () => {
  controller.abort();
  await fleet?.stop();
  await db.drop();
});

async function instances(): Promise<ServiceInstance[]> {
  return [...(await provider.list()).instances];
}

describe('the demo fleet as real processes (jobdeck demo)', () => {
  it('each replica is a child process the processes provider lists with pid, uptime and last log line', async () => {
    const running = await waitForValue(
      async () => {
        const all = await instances();
        // A replica an early incident is killing still reads as running for a moment,
        // but its command line is already gone: wait for three whole ones.
        return all.length === 3 && all.every((i) => i.state === 'running' && i.command !== null)
          ? all
          : undefined;
      },
      'three running replicas',
      15_000,
    );
    expect(running.map((i) => i.name).sort()).toEqual([
      'worker_wrapper-1',
      'worker_wrapper-2',
      'worker_wrapper-3',
    ]);
    for (const instance of running) {
      expect(instance.service).toBe('worker_wrapper');
      expect(instance.pid).not.toBe(process.pid);
      // The replica's own command line names it, and it is the fleet's child.
      expect(instance.command).toMatch(
        new RegExp(`demo-worker-child\\.js ${instance.name.replace('-', '\\-')}$`),
      );
      expect(fleet?.workers.find((w) => w.name === instance.name)?.pid()).toBe(instance.pid);
    }
    // They work the queue: some replica logged a finished container.
    await waitForValue(
      async () =>
        (await instances()).some((i) => i.lastLog?.text.startsWith('Finished execution')) ||
        undefined,
      'a last log line from a finished job',
      15_000,
    );
  }, 40_000);

  it('an incident SIGKILLs a replica: its pid file names a gone pid until it comes back', async () => {
    const exited = await waitForValue(
      async () => (await instances()).find((i) => i.state === 'exited') ?? undefined,
      'a killed replica',
      20_000,
    );
    expect(exited.stateText).toMatch(/^pid \d+ not running$/);
    // Its supervisor's line follows the kill within moments: the panel's last line.
    await waitForValue(
      async () => {
        const now = (await instances()).find((i) => i.name === exited.name);
        return /killed \(SIGKILL\); its restart policy brings it back/.test(
          now?.lastLog?.text ?? '',
        )
          ? true
          : undefined;
      },
      "the supervisor's line about the kill",
      5_000,
    );
    const stale = Number(/pid (\d+)/.exec(exited.stateText)?.[1]);
    expect(isAlive(stale)).toBe(false);
    // At speed ×40 its downtime of 45–90 s is 1–2 s.
    const back = await waitForValue(
      async () => {
        const now = (await instances()).find((i) => i.name === exited.name);
        return now?.state === 'running' ? now : undefined;
      },
      'the replica running again',
      10_000,
    );
    expect(back.pid).not.toBe(stale);
  }, 40_000);

  it("the provider's restart (the demo's restart command) gives a replica a new pid", async () => {
    const target = await waitForValue(
      async () => (await instances()).find((i) => i.state === 'running') ?? undefined,
      'a running replica',
      10_000,
    );
    const outcome = await provider.restart(target.id);
    expect(outcome.ok).toBe(true);
    expect(outcome.pidBefore).toBe(target.pid);
    expect(outcome.pidAfter).not.toBe(target.pid);
    expect(outcome.pidAfter).not.toBeNull();
    expect(isAlive(target.pid ?? 0)).toBe(false);
    // The request was taken: nothing is left to restart it again.
    expect(existsSync(join(runDir, `${target.name}.restart`))).toBe(false);
  }, 30_000);

  it('a crash-looping replica fails its next starts within seconds, each a new pid, then recovers', async () => {
    const log = await waitForValue(
      () => lines.find((line) => line.includes('[incident]') && line.includes('its next 4 starts')),
      'a crash loop',
      20_000,
    );
    const name = /\] (worker_wrapper-\d)/.exec(log)?.[1] ?? '';
    const pids = new Set<number>();
    await waitForValue(
      async () => {
        const me = (await instances()).find((i) => i.name === name);
        if (me?.pid !== null && me?.pid !== undefined) pids.add(me.pid);
        const crashes = readFileSync(join(runDir, `${name}.log`), 'utf8')
          .split('\n')
          .filter((line) => line.includes('ImageNotFound')).length;
        return crashes >= 4 || undefined;
      },
      'four failed starts',
      40_000,
    );
    // jobdeck's reads every 2 s see each start: each is a pid of its own.
    expect(pids.size).toBeGreaterThanOrEqual(4);
    const healthy = await waitForValue(
      async () => {
        const me = (await instances()).find((i) => i.name === name);
        const last = me?.lastLog?.text ?? '';
        return me?.state === 'running' && !last.includes('ImageNotFound') && last !== ''
          ? me
          : undefined;
      },
      'a healthy start after the loop',
      20_000,
    );
    expect(healthy.pid).not.toBeNull();
  }, 90_000);

  it('stopping the fleet stops every replica and removes the pid files', async () => {
    const pids = (await instances()).map((i) => i.pid).filter((p): p is number => p !== null);
    expect(pids.length).toBeGreaterThan(0);
    // A restart request after the stop is not acted on.
    controller.abort();
    await fleet?.stop();
    writeFileSync(join(runDir, 'worker_wrapper-1.restart'), '');
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(await instances()).toEqual([]);
  }, 30_000);
});
