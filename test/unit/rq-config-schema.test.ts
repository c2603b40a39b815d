import { describe, expect, it } from 'vitest';
import { rqConfigSchema } from '../../src/config/rq-config-schema.js';

describe('rqConfigSchema', () => {
  it('fills defaults: REDIS_URL, 5 s timeout, 1 h window, 10 s clock slack', () => {
    expect(rqConfigSchema.parse({ preset: 'rq' })).toEqual({
      preset: 'rq',
      urlEnv: 'REDIS_URL',
      commandTimeout: 5_000,
      window: 3_600_000,
      clockSlack: 10_000,
    });
  });
  it('takes the Frappe settings and durations in any form', () => {
    const parsed = rqConfigSchema.parse({
      preset: 'frappe',
      urlEnv: 'FRAPPE_REDIS_QUEUE',
      passwordEnv: 'RQ_PASSWORD',
      benchId: 'home-frappe-frappe-bench',
      benchPath: '/home/frappe/frappe-bench',
      queues: ['short', 'long'],
      window: '30m',
      limits: { siteSample: 500 },
    });
    expect(parsed).toMatchObject({ window: 1_800_000, limits: { siteSample: 500 } });
  });
  it('names the path and the expectation on errors', () => {
    const result = rqConfigSchema.safeParse({
      preset: 'rq',
      urlEnv: 'redis://x',
      benchId: 'a:b',
      extra: 1,
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['', 'benchId', 'urlEnv']);
    expect(result.error?.issues.find((i) => i.path[0] === 'urlEnv')?.message).toMatch(
      /NAME of an environment variable/,
    );
  });
});
