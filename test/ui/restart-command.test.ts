import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/actions/action.js';
import type { DashboardActions } from '../../src/ui/dashboard-actions.js';
import { restartCommand } from '../../src/ui/view-models/restart-command.js';
import { container } from './helpers/build-snapshot.js';

const fake = (id: string): Action<unknown> => ({ id }) as unknown as Action<unknown>;
const actions: DashboardActions = {
  restartContainer: (id) => fake(`container:${id}`),
  restartService: (key) => fake(`service:${key}`),
};

describe('restartCommand', () => {
  const c = container({ id: 'abc', name: 'worker_wrapper-2' });
  const ref = {
    kind: 'container',
    container: c,
    serviceKey: 'qfc/worker_wrapper',
    heartbeat: null,
    jobs: [],
  } as const;

  it('r on a container restarts that container, named in the title', () => {
    const cmd = restartCommand('restart-container', ref, actions);
    expect(cmd.kind).toBe('run');
    if (cmd.kind !== 'run') return;
    expect((cmd.action as unknown as { id: string }).id).toBe('container:abc');
    expect(cmd.title).toBe('restart container worker_wrapper-2');
  });

  it('R on a container restarts its compose service', () => {
    const cmd = restartCommand('restart-service', ref, actions);
    expect(cmd.kind === 'run' && cmd.title).toBe('restart service qfc/worker_wrapper');
  });

  it('explains what to select instead, and does nothing when the action is not offered', () => {
    expect(restartCommand('restart-container', undefined, actions)).toEqual({
      kind: 'explain',
      text: 'select a worker container first (Tab to Workers or Services)',
    });
    expect(restartCommand('restart-service', undefined, actions).kind).toBe('explain');
    expect(restartCommand('restart-container', ref, {})).toEqual({ kind: 'none' });
    expect(restartCommand('restart-service', ref, {})).toEqual({ kind: 'none' });
  });
});
