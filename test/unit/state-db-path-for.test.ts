import { describe, expect, it } from 'vitest';
import { stateDbPathFor } from '../../src/sinks/history/state-db-path-for.js';

describe('stateDbPathFor', () => {
  const env = { XDG_STATE_HOME: '/var/lib/ops' };

  it('keeps state.db for a single target (as before targets existed)', () => {
    expect(stateDbPathFor({ target: 'default', targets: [] }, env)).toBe(
      '/var/lib/ops/jobdeck/state.db',
    );
    expect(stateDbPathFor({ target: 'prod', targets: ['prod'] }, env)).toBe(
      '/var/lib/ops/jobdeck/state.db',
    );
  });

  it('gives each target of a fleet its own file, so monitors do not share alert state', () => {
    const fleet = ['vps1', 'vps2'];
    expect(stateDbPathFor({ target: 'vps1', targets: fleet }, env)).toBe(
      '/var/lib/ops/jobdeck/state-vps1.db',
    );
    expect(stateDbPathFor({ target: 'vps2', targets: fleet }, env)).toBe(
      '/var/lib/ops/jobdeck/state-vps2.db',
    );
  });
});
