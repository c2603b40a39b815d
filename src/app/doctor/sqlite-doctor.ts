import type { ResolvedConfig } from '../../config/load-config.js';
import { errorLine } from '../../shared/errors.js';
import { createSqliteQueueSource } from '../../sources/queue/sqlite/create-sqlite-queue-source.js';
import { sqliteOptionsFromConfig } from '../../sources/queue/sqlite/sqlite-options-from-config.js';
import type { DoctorCheck } from './doctor-check.js';

/** The SQLite queue checks of `jobdeck doctor`: the file opens read-only, the tables read, the indexes. */
export async function sqliteDoctor(config: ResolvedConfig): Promise<DoctorCheck[]> {
  const queue = config.queue;
  if (queue?.sqliteFile == null || queue.sqlite === undefined) return [];
  const source = createSqliteQueueSource(
    sqliteOptionsFromConfig(queue.sqlite, {
      path: queue.sqliteFile.path,
      pathHint: queue.sqliteFile.hint,
      stuckAfterMs: config.thresholds.stuckAfter,
      readOnly: true,
    }),
  );
  const t0 = performance.now();
  try {
    const snapshot = await source.read();
    const out: DoctorCheck[] = [
      {
        name: 'database',
        level: 'ok',
        detail: `${queue.sqliteFile.path}: ${snapshot.total} tasks, read-only`,
        fix: null,
        latencyMs: performance.now() - t0,
      },
    ];
    const advice = source.indexAdvice();
    out.push(
      advice.length === 0
        ? {
            name: 'indexes',
            level: 'ok',
            detail: 'the window index exists',
            fix: null,
            latencyMs: null,
          }
        : {
            name: 'indexes',
            level: 'warn',
            detail: 'no (status, finished) index: each full recount scans the table',
            fix: advice.join(' '),
            latencyMs: null,
          },
    );
    return out;
  } catch (error) {
    return [
      {
        name: 'database',
        level: 'fail',
        detail: errorLine(error),
        fix: `check the path in ${queue.sqliteFile.hint}`,
        latencyMs: null,
      },
    ];
  } finally {
    await source.close();
  }
}
