import type { ResolvedConfig } from '../../config/load-config.js';
import { errorLine } from '../../shared/errors.js';
import { createQueueSource } from '../create-queue-source.js';
import type { DoctorCheck } from './doctor-check.js';

/** A queue source that is not PostgreSQL (Redis): one read, and what it says. */
export async function readDoctor(config: ResolvedConfig): Promise<DoctorCheck[]> {
  const source = createQueueSource(config);
  if (source === null) return [];
  const t0 = performance.now();
  try {
    const s = await source.read();
    const workers =
      s.workers === null
        ? ''
        : `, ${s.workers.filter((w) => w.state === 'active').length} worker(s) online`;
    return [
      {
        name: 'queue',
        level: 'ok',
        detail: `${source.target}: ${s.total} jobs${workers}`,
        fix: null,
        latencyMs: performance.now() - t0,
      },
    ];
  } catch (error) {
    return [
      {
        name: 'queue',
        level: 'fail',
        detail: errorLine(error),
        fix: `check ${config.queue?.urlEnv ?? 'the URL'} and that the server runs`,
        latencyMs: null,
      },
    ];
  } finally {
    await source.close();
  }
}
