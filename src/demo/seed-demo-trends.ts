import type { ClientBase } from 'pg';

import type { HistoryRow } from '../sinks/history/history-row.js';
import type { HistoryStore } from '../sinks/history/history-store.js';
import { windowStats } from '../sources/queue/core/window-stats.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

interface MinuteRow {
  at: string;
  waiting: number;
  started: number;
  finished: number;
  failed: number;
}

/**
 * The Trends panel full at the demo's first frame: when the history store holds nothing
 * from the last `minutes` (a first run, or a demo that was off), one sample a minute is
 * derived from the jobs in core_job — the seeded history, and whatever the fleet did —
 * as the monitor would have recorded them: jobs waiting (created, not yet started) and in
 * flight at each minute, finished and failed in the hour before it. A failed job without
 * finished_at (upstream leaves it NULL) ended when its container did, else when it
 * started, else at its last update. Worker columns are gaps: no process was sampled then. Returns rows written.
 */
export async function seedDemoTrends(
  client: ClientBase,
  store: HistoryStore,
  now: number,
  minutes = 60,
): Promise<number> {
  if (store.loadRecent(now - minutes * MINUTE_MS).length > 0) return 0;
  const result = await client.query<MinuteRow>(
    `WITH marks AS (
       SELECT generate_series(to_timestamp($1 / 1000.0) - make_interval(mins => $2 - 1),
                              to_timestamp($1 / 1000.0), interval '1 minute') AS t
     ), jobs AS (
       SELECT created_at, started_at, status,
              CASE WHEN status IN ('finished', 'failed')
                   THEN coalesce(finished_at, docker_finished_at, docker_started_at, started_at,
                                 updated_at) END AS ended_at
         FROM core_job
        WHERE created_at <= to_timestamp($1 / 1000.0)
     )
     SELECT (extract(epoch FROM m.t) * 1000)::bigint::text AS at,
            count(*) FILTER (WHERE j.created_at <= m.t
                               AND coalesce(j.started_at, j.ended_at, 'infinity') > m.t)::int AS waiting,
            count(*) FILTER (WHERE j.started_at <= m.t
                               AND coalesce(j.ended_at, 'infinity') > m.t)::int AS started,
            count(*) FILTER (WHERE j.status = 'finished'
                               AND j.ended_at > m.t - interval '1 hour' AND j.ended_at <= m.t)::int AS finished,
            count(*) FILTER (WHERE j.status = 'failed'
                               AND j.ended_at > m.t - interval '1 hour' AND j.ended_at <= m.t)::int AS failed
       FROM marks m LEFT JOIN jobs j ON true
      GROUP BY m.t ORDER BY m.t`,
    [now, minutes],
  );
  for (const row of result.rows) {
    // The live source's rates over the same one-hour window, by its own rule.
    const rates = windowStats(
      {
        succeeded: row.finished,
        failed: row.failed,
        waitP50: null,
        waitP95: null,
        runP50: null,
        runP95: null,
      },
      HOUR_MS,
    );
    const sample: HistoryRow = {
      at: Number(row.at),
      resolutionMs: MINUTE_MS,
      samples: 1,
      queueDepth: row.waiting,
      pending: row.waiting,
      queued: 0,
      started: row.started,
      finished1h: row.finished,
      failed1h: row.failed,
      failureRate: rates.failureRate,
      throughputPerMin: rates.throughputPerMin,
      stuck: null,
      workersRunning: null,
      workersTotal: null,
      workerCpu: null,
      workerMemMb: null,
    };
    store.record(sample);
  }
  return result.rows.length;
}
