import type { CleanupKind } from '../../sources/queue/core/queue-source.js';

/** What the healer decided to do this check; the monitor runs each through the actions. */
export type HealingIntent =
  | {
      readonly kind: 'restart-container';
      readonly containerId: string;
      readonly containerName: string;
      /** `project/service`, the unit of the restart budget. */
      readonly service: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'cleanup';
      readonly cleanup: CleanupKind;
      readonly reason: string;
    }
  | { readonly kind: 'budget-exhausted'; readonly service: string; readonly reason: string }
  | { readonly kind: 'fail-orphans'; readonly ids: readonly string[]; readonly reason: string };
