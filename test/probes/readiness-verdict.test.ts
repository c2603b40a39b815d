import { describe, expect, it } from 'vitest';
import {
  computeVerdict,
  verdictExitCode,
  type ReadinessCheck,
  type Verdict,
} from '../../src/store/readiness-verdict.js';

type Level = ReadinessCheck['level'];

/** `'api:fail!'` → a critical check named api at level fail; no `!` → non-critical. */
function check(spec: string): ReadinessCheck {
  const [name = '', rest = ''] = spec.split(':');
  const critical = rest.endsWith('!');
  const level = rest.replace('!', '') as Level;
  return { name, level, critical, detail: `${name} is ${level}`, latencyMs: null };
}

describe('computeVerdict', () => {
  const table: { checks: string[]; verdict: Verdict; why: string }[] = [
    { checks: [], verdict: 'OPERATIONAL', why: 'nothing to complain about' },
    {
      checks: ['api:ok!', 'db:ok!', 'cache:ok', 'worker:ok'],
      verdict: 'OPERATIONAL',
      why: 'all ok',
    },
    { checks: ['api:fail!', 'db:ok!'], verdict: 'DOWN', why: 'a critical check fails' },
    { checks: ['api:ok!', 'db:fail!', 'cache:fail'], verdict: 'DOWN', why: 'critical wins' },
    { checks: ['api:warn!', 'db:fail!'], verdict: 'DOWN', why: 'critical fail beats a warn' },
    { checks: ['api:ok!', 'cache:fail'], verdict: 'DEGRADED', why: 'non-critical failure' },
    { checks: ['api:ok!', 'queue:warn'], verdict: 'DEGRADED', why: 'a non-critical warning' },
    { checks: ['api:warn!', 'db:ok!'], verdict: 'DEGRADED', why: 'a critical warning is not down' },
    { checks: ['api:ok!', 'worker:unknown'], verdict: 'OPERATIONAL', why: 'unknown is ignored' },
    { checks: ['api:unknown!', 'db:ok!'], verdict: 'OPERATIONAL', why: 'critical unknown too' },
    { checks: ['api:unknown!', 'db:unknown!'], verdict: 'OPERATIONAL', why: 'all unknown' },
    { checks: ['api:unknown!', 'queue:warn'], verdict: 'DEGRADED', why: 'unknown + warn' },
    { checks: ['api:unknown!', 'db:fail!'], verdict: 'DOWN', why: 'unknown + critical fail' },
  ];

  it.each(table)('$checks → $verdict ($why)', ({ checks, verdict }) => {
    expect(computeVerdict(checks.map(check))).toBe(verdict);
  });

  it('does not depend on the order of the checks', () => {
    const checks = ['cache:fail', 'api:ok!', 'db:fail!', 'queue:warn'].map(check);
    expect(computeVerdict(checks)).toBe('DOWN');
    expect(computeVerdict([...checks].reverse())).toBe('DOWN');
  });
});

describe('verdictExitCode', () => {
  it.each([
    ['OPERATIONAL', 0],
    ['DEGRADED', 1],
    ['DOWN', 2],
  ] as const)('%s exits %i', (verdict, code) => {
    expect(verdictExitCode(verdict)).toBe(code);
  });
});
