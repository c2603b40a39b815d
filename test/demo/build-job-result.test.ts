import { describe, expect, it } from 'vitest';

import { buildJobResult } from '../../src/demo/build-job-result.js';
import { createRandom } from '../../src/demo/create-random.js';
import { JOB_PROFILES } from '../../src/demo/job-profiles.js';

describe('buildJobResult', () => {
  const random = createRandom(7);

  it('gives a success the steps a dashboard reads the QGIS version from', () => {
    const result = buildJobResult({ type: 'package', outcome: 'success', random });
    expect(result.exitCode).toBe(0);
    expect(result.feedback).not.toHaveProperty('error');
    const steps = result.feedback.steps as { id: string; returns: Record<string, unknown> }[];
    expect(steps.map((s) => s.id)).toEqual(JOB_PROFILES.package.steps);
    expect(steps[0]?.returns.qgis_version).toMatch(/^3\.\d+\.\d+/);
    expect(result.feedback.container_exit_code).toBe(0);
  });

  it('shapes failures like upstream: error keys, exit codes, error_type only where upstream sets it', () => {
    const container = buildJobResult({ type: 'delta_apply', outcome: 'container_error', random });
    expect(container.exitCode).toBe(1);
    expect(container.feedback).toMatchObject({ error_origin: 'container', container_exit_code: 1 });
    expect(container.feedback.error).toEqual(expect.any(String));
    expect(container.feedback).not.toHaveProperty('error_type');

    const killed = buildJobResult({ type: 'package', outcome: 'docker_sigkill', random });
    expect(killed.exitCode).toBe(137);
    expect(killed.feedback).toMatchObject({
      error_type: 'DOCKER_ENGINE_SIGKILL',
      container_exit_code: 137,
    });

    const timeout = buildJobResult({ type: 'package', outcome: 'timeout', random, timeoutS: 600 });
    expect(timeout.exitCode).toBe(-1);
    expect(timeout.feedback).toMatchObject({ error_type: 'TIMEOUT', container_exit_code: -1 });
    expect(timeout.output).toContain('failed to finish within 600 seconds');
  });

  it('reports the PostGIS outage during a failure burst', () => {
    const result = buildJobResult({
      type: 'process_projectfile',
      outcome: 'container_error',
      random,
      postgisDown: true,
    });
    expect(result.feedback.error).toMatch(/could not connect to server/);
  });
});

describe('createRandom', () => {
  it('repeats its sequence for a seed, so seeded history is reproducible', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const take = (r: ReturnType<typeof createRandom>): number[] =>
      Array.from({ length: 5 }, () => r.next());
    const first = take(a);
    expect(take(b)).toEqual(first);
    expect(take(c)).not.toEqual(first);
    for (const value of first) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('picks by weight', () => {
    const random = createRandom(1);
    const counts = { rare: 0, common: 0 };
    for (let i = 0; i < 2_000; i += 1) {
      counts[random.weighted(['rare', 'common'] as const, (k) => (k === 'rare' ? 1 : 9))] += 1;
    }
    expect(counts.common / 2_000).toBeGreaterThan(0.85);
    expect(counts.common / 2_000).toBeLessThan(0.95);
  });
});
