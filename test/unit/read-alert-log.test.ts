import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAlertLog } from '../../src/app/read-alert-log.js';

describe('readAlertLog', () => {
  it('reads the newest notices first and skips lines that do not parse', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'jobdeck-alog-')), 'alerts.jsonl');
    const line = (time: string, kind: string, rule: string) =>
      JSON.stringify({
        time,
        kind,
        severity: 'warning',
        rule,
        subject: 'queue',
        summary: `${rule} ${kind}`,
      });
    writeFileSync(
      path,
      [
        line('2026-11-23T10:00:00.000Z', 'firing', 'job-stuck'),
        '{not json',
        line('2026-11-23T10:05:00.000Z', 'resolved', 'job-stuck'),
        JSON.stringify({ odd: true }),
        '',
      ].join('\n'),
    );
    expect(
      readAlertLog(path).map((n) => `${n.kind} ${n.ruleId} ${new Date(n.at).toISOString()}`),
    ).toEqual([
      'resolved job-stuck 2026-11-23T10:05:00.000Z',
      'firing job-stuck 2026-11-23T10:00:00.000Z',
    ]);
    expect(readAlertLog(join(path, '..', 'missing.jsonl'))).toEqual([]);
  });
});
