import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FrappeMonitorLog } from '../../src/sources/queue/redis/frappe-monitor-log.js';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const stamp = (agoS: number): string =>
  new Date(NOW - agoS * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.(\d{3})Z$/, '.$1000+00:00');

/** One record as frappe.monitor writes it: compact, sorted keys, µs durations. */
function job(
  method: string,
  agoS: number,
  durationMs: number,
  waitMs: number,
  extra: object = {},
): string {
  return `${JSON.stringify({
    duration: durationMs * 1000,
    job: { method, scheduled: false, wait: waitMs * 1000 },
    site: 'site1.local',
    timestamp: stamp(agoS),
    transaction_type: 'job',
    uuid: `id-${method}-${agoS}`,
    ...extra,
  })}\n`;
}
const request = `${JSON.stringify({ duration: 5000, request: { method: 'GET', path: '/api' }, site: 'site1.local', timestamp: stamp(5), transaction_type: 'request', uuid: 'r' })}\n`;

describe('FrappeMonitorLog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-monitor-'));
  const path = join(dir, 'monitor.json.log');
  let log: FrappeMonitorLog | null = null;
  const tail = (initialBytes?: number): FrappeMonitorLog => {
    log = new FrappeMonitorLog(path, {
      windowMs: 3_600_000,
      now: () => NOW,
      ...(initialBytes === undefined ? {} : { initialBytes }),
    });
    return log;
  };
  afterEach(async () => {
    await log?.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps job records only, in µs → s, with p50/p95 per method and the slowest methods', async () => {
    writeFileSync(
      path,
      job('a.fast', 60, 100, 10) +
        job('a.fast', 50, 300, 30) +
        request +
        job('b.slow', 40, 9000, 2000, { exception: 'ValidationError' }) +
        job('old.one', 7200, 1, 1),
    );
    const stats = await tail().poll();
    expect(stats.jobs).toBe(3);
    expect(stats.methods.map((m) => [m.method, m.jobs, m.failed])).toEqual([
      ['a.fast', 2, 0],
      ['b.slow', 1, 1],
    ]);
    const fast = stats.methods[0];
    expect(fast?.durationP50).toBeCloseTo(0.2, 9);
    expect(fast?.durationP95).toBeCloseTo(0.29, 9);
    expect(fast?.waitP50).toBeCloseTo(0.02, 9);
    expect(stats.slowest[0]?.method).toBe('b.slow');
    expect(stats.sites).toEqual([{ site: 'site1.local', jobs: 3 }]);
  });

  it('reads only what was appended, and waits for a partial line to end', async () => {
    writeFileSync(path, job('a', 30, 100, 1));
    const t = tail();
    expect((await t.poll()).jobs).toBe(1);
    const line = job('b', 20, 100, 1);
    appendFileSync(path, line.slice(0, 25));
    expect((await t.poll()).jobs).toBe(1);
    appendFileSync(path, line.slice(25) + 'not json\n');
    const stats = await t.poll();
    expect(stats.jobs).toBe(2);
    expect(stats.badLines).toBe(1);
  });

  it('finishes the old file on rotation, then follows the new one', async () => {
    writeFileSync(path, job('a', 30, 100, 1));
    const t = tail();
    await t.poll();
    appendFileSync(path, job('b', 25, 100, 1));
    renameSync(path, `${path}.1`);
    writeFileSync(path, job('c', 20, 100, 1));
    const stats = await t.poll();
    expect(stats.methods.map((m) => m.method).sort()).toEqual(['a', 'b', 'c']);
    expect(stats.rotations).toBe(1);
  });

  it('starts over after a truncation (copytruncate)', async () => {
    writeFileSync(path, job('a', 30, 100, 1) + job('a', 29, 100, 1));
    const t = tail();
    await t.poll();
    truncateSync(path, 0);
    appendFileSync(path, job('d', 10, 100, 1));
    const stats = await t.poll();
    expect(stats.methods.map((m) => [m.method, m.jobs])).toEqual([
      ['a', 2],
      ['d', 1],
    ]);
    expect(stats.rotations).toBe(1);
  });

  it('starts near the end of a big file, skipping the cut line', async () => {
    const old = job('old', 100, 1, 1).repeat(200);
    writeFileSync(path, old + job('new', 10, 1, 1));
    const stats = await tail(job('new', 10, 1, 1).length + 10).poll();
    expect(stats.methods.map((m) => [m.method, m.jobs])).toEqual([['new', 1]]);
    expect(stats.badLines).toBe(0);
  });
});
