import type { AuditSink } from '../actions/audit-sink.js';
import type { Thresholds } from '../config/thresholds-schema.js';
import type { DashboardActions } from './dashboard-actions.js';
import type { DashboardStore } from './dashboard-store.js';

/**
 * One target of a fleet (`jobdeck` with several targets): its own store, collecting
 * all the time, its own actions (empty in read-only mode), audit log and thresholds.
 */
export interface FleetTarget {
  readonly name: string;
  readonly store: DashboardStore;
  readonly actions: DashboardActions;
  readonly audit: AuditSink;
  readonly thresholds: Thresholds;
}
