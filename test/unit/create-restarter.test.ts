import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RestartContainerAction } from '../../src/actions/restart-container-action.js';
import { RestartSwarmServiceAction } from '../../src/actions/restart-swarm-service-action.js';
import { createRestarter } from '../../src/app/create-restarter.js';
import { loadConfig } from '../../src/config/load-config.js';
import { container, dockerSnapshot, service } from '../ui/helpers/build-snapshot.js';

describe('createRestarter on a Swarm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-restarter-'));
  const file = join(dir, 'jobdeck.yaml');
  writeFileSync(file, 'docker: { host: unix:///nonexistent/docker.sock }\n');
  const config = loadConfig({ config: file });
  const task = container({ id: 'task1', name: 'sw-worker.1.abc', swarmService: 'sw-worker' });
  const plain = container({ id: 'plain1', name: 'qfieldcloud-worker_wrapper-1' });
  const snapshot = dockerSnapshot({
    services: [service('sw-worker', [task]), service('worker_wrapper', [plain])],
  });
  const restarter = createRestarter(config, null, () => snapshot);

  it("restarts a task container's service by rolling update (healing and the r key alike)", () => {
    const action = restarter?.container('task1');
    expect(action).toBeInstanceOf(RestartSwarmServiceAction);
    expect(action?.target).toBe('swarm service sw-worker');
  });

  it('restarts any other container as a container, by its name', () => {
    const action = restarter?.container('plain1');
    expect(action).toBeInstanceOf(RestartContainerAction);
    expect(action?.target).toBe('container qfieldcloud-worker_wrapper-1');
  });
});
