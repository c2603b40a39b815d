import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { collectProcessTree } from '../../src/sources/services/proc/collect-process-tree.js';
import { parseProcStat } from '../../src/sources/services/proc/parse-proc-stat.js';
import { ProcSampler } from '../../src/sources/services/proc/proc-sampler.js';
import { readCmdline } from '../../src/sources/services/proc/read-cmdline.js';
import { scanProcTable } from '../../src/sources/services/proc/scan-proc-table.js';

// Recorded from this machine (`cat /proc/self/stat`, Linux 6.x).
const CAT_STAT =
  '14458 (cat) R 14456 14456 12181 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 870837 3133440 408 18446744073709551615 94010034610176 94010034630057 140735279441808 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94010034646064 94010034647680 94010125115392 140735279450654 140735279450674 140735279450674 140735279452139 0\n';

/** A stat line with the fields the sampler reads; everything else zero. */
function statLine(p: {
  pid: number;
  comm?: string;
  ppid: number;
  utime: number;
  stime?: number;
  cutime?: number;
  starttime?: number;
  rss: number;
}): string {
  const fields = new Array<number | string>(52 - 2).fill(0);
  const set = (field: number, value: number | string): void => {
    fields[field - 3] = value;
  };
  set(3, 'S');
  set(4, p.ppid);
  set(14, p.utime);
  set(15, p.stime ?? 0);
  set(16, p.cutime ?? 0);
  set(22, p.starttime ?? 1000);
  set(24, p.rss);
  return `${p.pid} (${p.comm ?? 'worker'}) ${fields.join(' ')}\n`;
}

describe('parseProcStat', () => {
  it('reads the fields of a recorded line', () => {
    expect(parseProcStat(CAT_STAT)).toEqual({
      pid: 14458,
      comm: 'cat',
      state: 'R',
      ppid: 14456,
      utime: 0,
      stime: 0,
      cutime: 0,
      cstime: 0,
      starttime: 870837,
      rssPages: 408,
    });
  });

  it('splits at the last parenthesis when the comm holds spaces and parentheses', () => {
    const line = CAT_STAT.replace('(cat) R', '(a) b (c d)) Z');
    const stat = parseProcStat(line);
    expect(stat?.comm).toBe('a) b (c d)');
    expect(stat?.state).toBe('Z');
    expect(stat?.ppid).toBe(14456);
    expect(stat?.rssPages).toBe(408);
  });

  it('reads utime, stime, cutime, cstime at fields 14 to 17', () => {
    const stat = parseProcStat(
      statLine({ pid: 7, ppid: 1, utime: 11, stime: 12, cutime: 13, rss: 5, starttime: 99 }),
    );
    expect(stat).toMatchObject({ utime: 11, stime: 12, cutime: 13, starttime: 99, rssPages: 5 });
  });

  it('returns null for text that is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (short) S 1 2')).toBeNull();
    expect(parseProcStat('no parenthesis here')).toBeNull();
  });
});

describe('fake /proc', () => {
  const root = mkdtempSync(join(tmpdir(), 'jobdeck-proc-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function write(pid: number, files: { stat?: string; cmdline?: string }): void {
    mkdirSync(join(root, String(pid)), { recursive: true });
    if (files.stat !== undefined) writeFileSync(join(root, String(pid), 'stat'), files.stat);
    if (files.cmdline !== undefined)
      writeFileSync(join(root, String(pid), 'cmdline'), files.cmdline);
  }

  it('readCmdline joins NUL-separated arguments and is null for a gone pid', () => {
    write(300, { cmdline: 'python3\0-m\0rq.cli\0worker\0' });
    write(301, { cmdline: '' });
    expect(readCmdline(300, root)).toBe('python3 -m rq.cli worker');
    expect(readCmdline(301, root)).toBe('');
    expect(readCmdline(302, root)).toBeNull();
  });

  it('sums the tree, is null on the first sample and computes CPU % from two', () => {
    // 100 is the sampled worker; 101 its child, 102 a grandchild; 200 unrelated.
    write(100, { stat: statLine({ pid: 100, ppid: 1, utime: 500, rss: 1000 }) });
    write(101, { stat: statLine({ pid: 101, ppid: 100, utime: 50, rss: 200 }) });
    write(102, { stat: statLine({ pid: 102, comm: 'horse (x)', ppid: 101, utime: 5, rss: 30 }) });
    write(200, { stat: statLine({ pid: 200, ppid: 1, utime: 9999, rss: 7777 }) });
    mkdirSync(join(root, 'self'), { recursive: true }); // non-numeric entries are ignored

    const sampler = new ProcSampler({ procRoot: root, clockTicks: 100, pageSize: 4096 });
    const first = sampler.sample([100, 999], 10_000);
    expect(first.has(999)).toBe(false);
    expect(first.get(100)).toEqual({
      at: 10_000,
      cpuPercent: null,
      rssBytes: (1000 + 200 + 30) * 4096,
      pids: 3,
    });

    // Two seconds later: the worker used 60 ticks, its child 40 → 100 ticks = 1 s over 2 s.
    write(100, { stat: statLine({ pid: 100, ppid: 1, utime: 560, rss: 1000 }) });
    write(101, { stat: statLine({ pid: 101, ppid: 100, utime: 90, rss: 200 }) });
    expect(sampler.sample([100], 12_000).get(100)?.cpuPercent).toBeCloseTo(50, 6);

    // The grandchild exits and is reaped: its 5 ticks move into 101's cutime, not lost.
    rmSync(join(root, '102'), { recursive: true });
    write(101, { stat: statLine({ pid: 101, ppid: 100, utime: 90, cutime: 5, rss: 200 }) });
    const third = sampler.sample([100], 13_000).get(100);
    expect(third?.cpuPercent).toBe(0);
    expect(third?.pids).toBe(2);

    // The pid is reused by another process (new start time): no comparison.
    write(100, { stat: statLine({ pid: 100, ppid: 1, utime: 1, rss: 10, starttime: 5000 }) });
    expect(sampler.sample([100], 14_000).get(100)?.cpuPercent).toBeNull();
  });

  it('clamps a tree whose CPU total dropped to 0', () => {
    write(400, { stat: statLine({ pid: 400, ppid: 1, utime: 10, rss: 1 }) });
    write(401, { stat: statLine({ pid: 401, ppid: 400, utime: 300, rss: 1 }) });
    const sampler = new ProcSampler({ procRoot: root });
    sampler.sample([400], 0);
    // 401 is reparented away (daemonised): its ticks leave the tree.
    write(401, { stat: statLine({ pid: 401, ppid: 1, utime: 310, rss: 1 }) });
    expect(sampler.sample([400], 1000).get(400)).toMatchObject({ cpuPercent: 0, pids: 1 });
  });

  it('collectProcessTree visits each pid once even with a cycle in a torn read', () => {
    const table = new Map([
      [1, { ...(parseProcStat(statLine({ pid: 1, ppid: 2, utime: 0, rss: 0 })) ?? fail()) }],
      [2, { ...(parseProcStat(statLine({ pid: 2, ppid: 1, utime: 0, rss: 0 })) ?? fail()) }],
    ]);
    const children = new Map([
      [1, [2]],
      [2, [1]],
    ]);
    expect(collectProcessTree(1, table, children).map((p) => p.pid)).toEqual([1, 2]);
    expect(scanProcTable(root).has(100)).toBe(true);
  });
});

function fail(): never {
  throw new Error('unparsable stat line');
}

describe('real /proc', () => {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) {
      // The child leads its own process group: -pid also ends its `sleep`.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }
  });

  it('measures a busy child and counts its own child', async () => {
    // Busy for 600 ms, then idle (holding a `sleep` child) until killed.
    const script = [
      "require('node:child_process').spawn('sleep', ['30'], { stdio: 'ignore' });",
      'const end = Date.now() + 600; while (Date.now() < end);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore', detached: true });
    started.push(child);
    const pid = child.pid ?? fail();
    const sampler = new ProcSampler();
    sampler.sample([pid]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = sampler.sample([pid]).get(pid);
    expect(second).toBeDefined();
    expect(second?.cpuPercent ?? 0).toBeGreaterThan(30);
    expect(second?.rssBytes ?? 0).toBeGreaterThan(10 * 1024 * 1024);
    expect(second?.pids).toBe(2); // node and its `sleep`
  });
});
