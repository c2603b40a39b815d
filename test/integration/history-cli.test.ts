import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { HistoryStore } from '../../src/sinks/history/history-store.js';
import { CLI } from '../helpers/run-cli.js';

describe('jobdeck history --csv', () => {
  it('piped into head, stops quietly with exit 0 (no EPIPE stack trace)', () => {
    const state = mkdtempSync(join(tmpdir(), 'jobdeck-history-cli-'));
    const store = HistoryStore.open(join(state, 'jobdeck', 'state.db'));
    const now = Date.now();
    try {
      // ~200 kB of CSV: more than a pipe holds, so the writer meets the closed end.
      for (let i = 0; i < 3_000; i++) {
        store.record({
          at: now - (3_000 - i) * 20_000,
          resolutionMs: 20_000,
          samples: 1,
          queueDepth: i,
          pending: i,
          queued: 0,
          started: 3,
          finished1h: 100 + i,
          failed1h: 7,
          failureRate: 0.0654,
          throughputPerMin: 1.7833,
          stuck: 0,
          workersRunning: 3,
          workersTotal: 3,
          workerCpu: 12.5,
          workerMemMb: 212.25,
        });
      }
    } finally {
      store.close();
    }
    const run = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${CLI}" history --csv --since 1d | head -1; echo "rc=\${PIPESTATUS[0]}" >&2`,
      ],
      { env: { ...process.env, XDG_STATE_HOME: state }, encoding: 'utf8' },
    );
    expect(run.stdout.trim()).toMatch(/^timestamp,queue_depth,pending,/);
    expect(run.stderr).not.toMatch(/EPIPE|Error/);
    expect(run.stderr.trim()).toBe('rc=0');
  });
});
