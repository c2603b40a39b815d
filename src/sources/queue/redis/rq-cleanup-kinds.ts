import type { CleanupKind } from '../core/queue-source.js';

/**
 * What rq cleanup offers: orphaned started jobs ("stuck") and dead workers' registrations.
 * Its own module so the composition root can name them without loading ioredis.
 */
export const RQ_CLEANUP_KINDS: readonly CleanupKind[] = ['stuck', 'dead-workers'];
