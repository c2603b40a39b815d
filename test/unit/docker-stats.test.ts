import { describe, expect, it } from 'vitest';
import { computeContainerResources } from '../../src/sources/docker/compute-container-resources.js';
import { readStatsSample, type StatsSample } from '../../src/sources/docker/read-stats-sample.js';
import {
  STATS_CGROUP_V1,
  STATS_CGROUP_V2,
  STATS_STOPPED,
} from '../helpers/docker-stats-fixtures.js';

const MiB = 1024 * 1024;

function sampleOf(json: unknown): StatsSample {
  const sample = readStatsSample(json);
  if (sample === null) throw new Error('fixture has no sample');
  return sample;
}

describe('stats math', () => {
  it('cgroup v1: CPU % of one core and memory without total_inactive_file, as docker stats', () => {
    const sample = sampleOf(STATS_CGROUP_V1);
    expect(sample.memory?.cgroup).toBe('v1');
    const r = computeContainerResources(sample, null, 1000);
    // (11526305753 − 10521664313) / (2941790000000 − 2939790000000) × 2 CPUs × 100
    expect(r.cpuPercent).toBeCloseTo(100.464144, 5);
    // usage 22024192 − total_inactive_file 20971520: the 20 MiB written to a file is cache.
    expect(r.memoryBytes).toBe(1_052_672);
    expect(r.memoryMiB).toBeCloseTo(1.0039, 4);
    expect(r.memoryLimitBytes).toBe(256 * MiB);
    expect(r.memoryPercent).toBeCloseTo(0.39215, 4);
    expect(r).toMatchObject({
      at: 1000,
      netRxBytes: null, // --network none: the engine sends no `networks`
      netTxBytes: null,
      blockReadBytes: 0,
      blockWriteBytes: 0,
      pids: 1,
    });
  });

  it('cgroup v2: inactive_file, online_cpus without percpu_usage, lower-case blkio ops', () => {
    const sample = sampleOf(STATS_CGROUP_V2);
    expect(sample.memory?.cgroup).toBe('v2');
    const r = computeContainerResources(sample, null, 2000);
    // 0.25 s of CPU in 4 s of host time on 4 CPUs = a quarter of one core.
    expect(r.cpuPercent).toBeCloseTo(25, 10);
    expect(r.memoryBytes).toBe(150 * MiB - 40 * MiB);
    expect(r.memoryMiB).toBe(110);
    expect(r.memoryPercent).toBeCloseTo(22, 10);
    expect(r).toMatchObject({
      netRxBytes: 1024,
      netTxBytes: 2006,
      blockReadBytes: 4_097_000,
      blockWriteBytes: 1_048_576,
      pids: 12,
    });
  });

  it('a stream’s first message and one-shot answers have no precpu: our previous sample is used', () => {
    const base = sampleOf(STATS_CGROUP_V2);
    const first = { ...base, precpu: null };
    expect(computeContainerResources(first, null, 0).cpuPercent).toBeNull();
    const previous = { total: 4_750_000_000, system: 400_002_000_000_000, onlineCpus: 4 };
    // 0.5 s of CPU in 2 s of host time × 4 = 100 % (one core).
    expect(computeContainerResources(first, previous, 0).cpuPercent).toBeCloseTo(100, 10);
  });

  it('counters that went backwards (a restart between samples) give no CPU figure, not a negative one', () => {
    const base = sampleOf(STATS_CGROUP_V2);
    const later = { total: 9_000_000_000, system: 300_000_000_000_000, onlineCpus: 4 };
    expect(computeContainerResources({ ...base, precpu: later }, null, 0).cpuPercent).toBeNull();
    expect(computeContainerResources({ ...base, precpu: base.cpu }, null, 0).cpuPercent).toBeNull();
  });

  it('memory: cache larger than usage is not subtracted (the CLI’s rule); no limit → no percent', () => {
    const r = computeContainerResources(
      {
        readAt: null,
        cpu: null,
        precpu: null,
        memory: { usage: 1000, limit: null, inactiveFile: 5000, cgroup: 'v2' },
        net: null,
        block: null,
        pids: null,
      },
      null,
      0,
    );
    expect(r.memoryBytes).toBe(1000);
    expect(r.memoryPercent).toBeNull();
    expect(r.cpuPercent).toBeNull();
  });

  it('a stopped container’s answer is no sample; garbage is no sample', () => {
    expect(readStatsSample(STATS_STOPPED)).toBeNull();
    expect(readStatsSample('nope')).toBeNull();
    expect(readStatsSample(null)).toBeNull();
    expect(readStatsSample([])).toBeNull();
  });
});
