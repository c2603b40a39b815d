/**
 * Actions are gated command objects (STYLE.md habit 10): preview → confirm → run →
 * audit. The dashboard's keys, the CLI subcommands and the monitor's rules call the same
 * objects; in read-only mode none is registered.
 */
export interface ActionPreview<Plan> {
  /** One line naming the target and the count: "restart worker_wrapper (3 replicas)". */
  readonly summary: string;
  /** The exact calls or statement that will run, one per line. */
  readonly details: readonly string[];
  /** When set, the user must type this word to confirm (bulk changes). */
  readonly confirmWord: string | null;
  /** Nothing to do (e.g. no stuck jobs): the UI says so instead of asking. */
  readonly empty: boolean;
  readonly plan: Plan;
}

export interface ActionItemResult {
  readonly target: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ActionResult {
  readonly ok: boolean;
  /** One line for the flash line / CLI output. */
  readonly summary: string;
  readonly items: readonly ActionItemResult[];
}

export interface Action<Plan> {
  /** Stable id, used in the audit log and the keymap: `restart`, `cleanup-stuck`... */
  readonly id: string;
  readonly label: string;
  /** What the action targets, for the audit log: a container, a service, a table. */
  readonly target: string;
  preview(): Promise<ActionPreview<Plan>>;
  run(plan: Plan, signal?: AbortSignal): Promise<ActionResult>;
}

/** Who acts, from where, through what: the audit log's first columns. */
export interface Actor {
  /** The login name; for `jobdeck serve`, the comment of the key (the person). */
  readonly user: string;
  /** The SSH client address (`SSH_CLIENT`, or the serve session's peer), or null for a local session. */
  readonly from: string | null;
  readonly via: 'cli' | 'dashboard' | 'monitor' | 'serve';
  /** `jobdeck serve`: the SHA256 fingerprint of the key the session logged in with. */
  readonly key?: string;
}
