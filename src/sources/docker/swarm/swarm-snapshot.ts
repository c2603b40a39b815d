/*
 * What jobdeck shows of a Swarm (when the engine is a manager): plain, frozen data inside
 * the Docker snapshot. Times are epoch ms.
 */

export interface SwarmTask {
  readonly id: string;
  /** Replicated services number their tasks; global ones have none. */
  readonly slot: number | null;
  readonly nodeId: string | null;
  /** The node's hostname, when the node is known. */
  readonly node: string | null;
  /** new, pending, assigned, accepted, preparing, ready, starting, running, complete, failed, shutdown, rejected, orphaned, remove. */
  readonly state: string;
  /** What the orchestrator wants: running, shutdown, ready... */
  readonly desiredState: string;
  /** The engine's phrase: "started", "pending task scheduling". */
  readonly message: string;
  /** `no suitable node (…)`, `task: non-zero exit (3)`; null when none. */
  readonly error: string | null;
  readonly exitCode: number | null;
  readonly containerId: string | null;
  readonly at: number | null;
}

export type SwarmServiceMode = 'replicated' | 'global' | 'replicated-job' | 'global-job';

export interface SwarmService {
  readonly id: string;
  readonly name: string;
  /** Its Services-panel key, `<stack>/<service>` or `swarm/<service>` (swarm-service-place.ts). */
  readonly key: string;
  readonly mode: SwarmServiceMode;
  readonly image: string | null;
  /** Tasks the orchestrator wants running (replicas, or eligible nodes for global). */
  readonly desired: number;
  readonly running: number;
  /** `up` running ≥ desired; `degraded` some; `down` none of a non-zero desired count. */
  readonly state: 'up' | 'degraded' | 'down';
  /** updating, paused, completed, rollback_started, rollback_paused, rollback_completed; null when never updated. */
  readonly updateState: string | null;
  readonly updateMessage: string | null;
  /** The tasks meant to run now (desired state running or ready), by slot then node. */
  readonly tasks: readonly SwarmTask[];
  /** The latest failures (newest first, at most 3): why replicas are missing. */
  readonly errors: readonly SwarmTask[];
}

export interface SwarmNode {
  readonly id: string;
  readonly hostname: string;
  readonly role: string;
  /** active, pause, drain. */
  readonly availability: string;
  /** ready, down, unknown, disconnected. */
  readonly state: string;
  readonly address: string | null;
  readonly leader: boolean;
}

export interface SwarmSnapshot {
  /** Sorted by name. */
  readonly services: readonly SwarmService[];
  /** Managers first, then by hostname. */
  readonly nodes: readonly SwarmNode[];
  readonly readAt: number;
}
