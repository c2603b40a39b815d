import type { ReadinessCheck } from '../../store/readiness-verdict.js';
import type { DockerContainer, DockerService } from '../../sources/docker/docker-snapshot.js';
import type { SwarmNode, SwarmService } from '../../sources/docker/swarm/swarm-snapshot.js';
import type {
  Blocker,
  JobRef,
  StuckJob,
  WorkerHeartbeat,
} from '../../sources/queue/core/queue-snapshot.js';

/** One alert row: firing now (from the monitor's state) or a notice it sent. */
export interface AlertRowData {
  readonly kind: 'FIRING' | 'fired' | 'resolved' | 'test';
  readonly severity: string;
  readonly ruleId: string;
  readonly subject: string;
  readonly summary: string;
  /** Since when it fires, or when the notice went out (epoch ms); null if unknown. */
  readonly at: number | null;
}

/** What a table row stands for: what Enter shows and what `r`/`R` act on. */
export type RowRef =
  | {
      readonly kind: 'container';
      readonly container: DockerContainer;
      /** `project/service` of a compose container, for `R`. */
      readonly serviceKey: string | null;
      readonly heartbeat: WorkerHeartbeat | null;
      readonly jobs: readonly JobRef[];
    }
  | {
      readonly kind: 'service';
      readonly service: DockerService;
      /** The Swarm service behind it, when the engine is a manager. */
      readonly swarm?: SwarmService;
    }
  | { readonly kind: 'job-containers'; readonly containers: readonly DockerContainer[] }
  | { readonly kind: 'swarm-nodes'; readonly nodes: readonly SwarmNode[] }
  | {
      readonly kind: 'heartbeat';
      readonly heartbeat: WorkerHeartbeat;
      readonly jobs: readonly JobRef[];
    }
  | { readonly kind: 'running'; readonly job: JobRef }
  | { readonly kind: 'stuck'; readonly job: StuckJob }
  | { readonly kind: 'blocker'; readonly blocker: Blocker }
  | { readonly kind: 'check'; readonly check: ReadinessCheck }
  | { readonly kind: 'alert'; readonly alert: AlertRowData };
