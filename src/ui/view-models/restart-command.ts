import type { Action } from '../../actions/action.js';
import type { DashboardActions } from '../dashboard-actions.js';
import type { RowRef } from './row-ref.js';

/** What a restart key does with the selected row: run an action, or say why not. */
export type RestartCommand =
  | { readonly kind: 'run'; readonly action: Action<unknown>; readonly title: string }
  | { readonly kind: 'explain'; readonly text: string }
  | { readonly kind: 'none' };

/**
 * Pure: `r` (one container) or `R` (a whole compose service) on the selected row → the
 * action to start, or the line that says what to select instead. `none` when the action
 * is not offered (read-only, no Docker).
 */
export function restartCommand(
  key: 'restart-container' | 'restart-service',
  ref: RowRef | undefined,
  actions: DashboardActions,
): RestartCommand {
  if (key === 'restart-container') {
    if (actions.restartContainer === undefined) return { kind: 'none' };
    switch (ref?.kind) {
      case 'container':
        if (ref.container.swarmService !== undefined) {
          return {
            kind: 'explain',
            text: `${ref.container.name} is a task of Swarm service ${ref.container.swarmService}: press R to restart the service with a rolling update`,
          };
        }
        return {
          kind: 'run',
          action: actions.restartContainer(ref.container.id),
          title: `restart container ${ref.container.name}`,
        };
      case 'heartbeat':
        return {
          kind: 'explain',
          text: `worker ${ref.heartbeat.id} has no container jobdeck can see`,
        };
      case 'service':
        return {
          kind: 'explain',
          text: 'select one of its containers for r, or press R to restart the whole service',
        };
      default:
        return {
          kind: 'explain',
          text: 'select a worker container first (Tab to Workers or Services)',
        };
    }
  }
  if (actions.restartService === undefined) return { kind: 'none' };
  const serviceKey =
    ref?.kind === 'service' ? ref.service.key : ref?.kind === 'container' ? ref.serviceKey : null;
  if (serviceKey === null)
    return { kind: 'explain', text: 'select a compose service or one of its containers first' };
  return {
    kind: 'run',
    action: actions.restartService(serviceKey),
    title: `restart service ${serviceKey}`,
  };
}
