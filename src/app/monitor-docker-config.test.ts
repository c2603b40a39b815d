import { describe, expect, it } from 'vitest';
import { dockerConfigSchema } from '../config/docker-config-schema.js';
import { monitorDockerConfig } from './monitor-docker-config.js';

describe('monitorDockerConfig', () => {
  it('polls once per check by default', () => {
    const docker = monitorDockerConfig(dockerConfigSchema.parse({}), 60_000);
    expect(docker).toMatchObject({ stats: 'poll', statsEvery: 60_000 });
  });

  it('keeps what the config chose', () => {
    const streamed = dockerConfigSchema.parse({ stats: 'stream' });
    expect(monitorDockerConfig(streamed, 60_000)).toBe(streamed);
    const polled = dockerConfigSchema.parse({ stats: 'poll', statsEvery: '5s' });
    expect(monitorDockerConfig(polled, 60_000)).toMatchObject({ stats: 'poll', statsEvery: 5_000 });
  });
});
