import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerEndpointLabel } from '../../src/sources/docker/docker-endpoint-label.js';
import { resolveDockerEndpoint } from '../../src/sources/docker/docker-endpoint.js';
import { parseDockerHost } from '../../src/sources/docker/parse-docker-host.js';
import { ConfigError } from '../../src/shared/errors.js';

describe('parseDockerHost', () => {
  it('unix:// with a path, and with none (the default socket)', () => {
    expect(parseDockerHost('unix:///run/user/1000/docker.sock', null, 'DOCKER_HOST')).toEqual({
      kind: 'unix',
      socketPath: '/run/user/1000/docker.sock',
      source: 'DOCKER_HOST',
    });
    expect(parseDockerHost('unix://', null, 'x')).toMatchObject({
      socketPath: '/var/run/docker.sock',
    });
  });

  it('tcp:// without TLS defaults to 2375, with TLS to 2376 and names the PEM files', () => {
    expect(parseDockerHost('tcp://10.0.0.5', null, 'DOCKER_HOST')).toEqual({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
      tls: null,
      source: 'DOCKER_HOST',
    });
    expect(
      parseDockerHost(
        'tcp://docker.example.org',
        { verify: true, certDir: '/certs' },
        'DOCKER_HOST',
      ),
    ).toMatchObject({
      port: 2376,
      tls: { verify: true, ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' },
    });
    expect(parseDockerHost('127.0.0.1:2375', null, 'x')).toMatchObject({
      kind: 'tcp',
      host: '127.0.0.1',
      port: 2375,
    });
    expect(parseDockerHost('tcp://[::1]:2375', null, 'x')).toMatchObject({
      host: '::1',
      port: 2375,
    });
  });

  it('ssh://user@host[:port]', () => {
    expect(parseDockerHost('ssh://deploy@vps1.example.org', null, 'x')).toEqual({
      kind: 'ssh',
      host: 'vps1.example.org',
      port: 22,
      username: 'deploy',
      source: 'x',
    });
    expect(parseDockerHost('ssh://vps1:2222', null, 'x')).toMatchObject({
      port: 2222,
      username: null,
    });
  });

  it('refuses what Docker refuses, in one line that says what is expected (and hides passwords)', () => {
    const cases = ['npipe:////./pipe/docker_engine', 'tcp://host:99999', 'tcp://', 'fd://'];
    for (const value of cases) {
      expect(() => parseDockerHost(value, null, 'DOCKER_HOST')).toThrow(ConfigError);
    }
    expect(() => parseDockerHost('ssh://me:hunter2@host', null, 'DOCKER_HOST')).toThrow(
      /^DOCKER_HOST=ssh:\/\/me:\*\*\*@host carries a password \(use ssh-agent instead\): expected unix:\/\/\/path\/to\/docker.sock, tcp:\/\/host:2376 or ssh:\/\/user@host$/,
    );
  });
});

describe('resolveDockerEndpoint', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  /** A Docker CLI config dir with the given contexts (name → Host). */
  function configDir(current: string | null, contexts: Record<string, string>, tls: string[] = []) {
    dir = mkdtempSync(join(tmpdir(), 'jobdeck-docker-config-'));
    if (current !== null) {
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify({ auths: {}, currentContext: current }),
      );
    }
    for (const [name, host] of Object.entries(contexts)) {
      const hash = createHash('sha256').update(name).digest('hex');
      mkdirSync(join(dir, 'contexts', 'meta', hash), { recursive: true });
      writeFileSync(
        join(dir, 'contexts', 'meta', hash, 'meta.json'),
        JSON.stringify({
          Name: name,
          Metadata: {},
          Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
        }),
      );
      if (tls.includes(name))
        mkdirSync(join(dir, 'contexts', 'tls', hash, 'docker'), { recursive: true });
    }
    return dir;
  }

  it('defaults to the local socket', () => {
    expect(resolveDockerEndpoint({ env: {}, home: '/nonexistent' })).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      source: 'default',
    });
  });

  it('DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    const endpoint = resolveDockerEndpoint({
      env: {
        DOCKER_HOST: 'tcp://vps1:2376',
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: '/etc/docker-certs',
      },
      home: '/nonexistent',
    });
    expect(endpoint).toMatchObject({
      kind: 'tcp',
      host: 'vps1',
      port: 2376,
      tls: { verify: true, ca: '/etc/docker-certs/ca.pem' },
      source: 'DOCKER_HOST',
    });
    expect(dockerEndpointLabel(endpoint)).toBe('tcp://vps1:2376 (TLS)');
  });

  it('the current context of config.json, via the sha256 of its name', () => {
    const d = configDir('prod', { prod: 'ssh://deploy@vps1', other: 'tcp://x:2375' });
    const endpoint = resolveDockerEndpoint({ env: { DOCKER_CONFIG: d } });
    expect(endpoint).toEqual({
      kind: 'ssh',
      host: 'vps1',
      port: 22,
      username: 'deploy',
      source: 'current context "prod"',
    });
    expect(dockerEndpointLabel(endpoint)).toBe('ssh://deploy@vps1');
  });

  it('precedence: config host > config context > DOCKER_HOST > DOCKER_CONTEXT > current context', () => {
    const d = configDir('prod', { prod: 'ssh://deploy@vps1', staging: 'tcp://staging:2376' }, [
      'staging',
    ]);
    const env = {
      DOCKER_CONFIG: d,
      DOCKER_HOST: 'unix:///tmp/env.sock',
      DOCKER_CONTEXT: 'staging',
    };
    expect(resolveDockerEndpoint({ env, host: 'tcp://cfg:2375' }).source).toBe('docker.host');
    expect(resolveDockerEndpoint({ env, context: 'prod' }).source).toBe('docker.context "prod"');
    expect(resolveDockerEndpoint({ env }).source).toBe('DOCKER_HOST');
    const staging = resolveDockerEndpoint({ env: { DOCKER_CONFIG: d, DOCKER_CONTEXT: 'staging' } });
    expect(staging).toMatchObject({
      kind: 'tcp',
      port: 2376,
      tls: {
        verify: true,
        ca: join(
          d,
          'contexts',
          'tls',
          createHash('sha256').update('staging').digest('hex'),
          'docker',
          'ca.pem',
        ),
      },
      source: 'DOCKER_CONTEXT "staging"',
    });
    // "default" is the built-in context: the local socket.
    expect(
      resolveDockerEndpoint({ env: { DOCKER_CONFIG: d, DOCKER_CONTEXT: 'default' } }),
    ).toMatchObject({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
    });
  });

  it('a missing or malformed context is a ConfigError naming the file', () => {
    const d = configDir('gone', {});
    expect(() => resolveDockerEndpoint({ env: { DOCKER_CONFIG: d } })).toThrow(
      /^Docker context "gone" not found \(no .*meta\.json\): check `docker context ls`/,
    );
    const hash = createHash('sha256').update('gone').digest('hex');
    mkdirSync(join(d, 'contexts', 'meta', hash), { recursive: true });
    writeFileSync(
      join(d, 'contexts', 'meta', hash, 'meta.json'),
      JSON.stringify({ Name: 'gone', Endpoints: {} }),
    );
    expect(() => resolveDockerEndpoint({ env: { DOCKER_CONFIG: d } })).toThrow(
      /unexpected content at Endpoints\.docker/,
    );
    writeFileSync(join(d, 'config.json'), '{"currentContext": 42}');
    expect(() => resolveDockerEndpoint({ env: { DOCKER_CONFIG: d } })).toThrow(ConfigError);
    writeFileSync(join(d, 'config.json'), '{not json');
    expect(() => resolveDockerEndpoint({ env: { DOCKER_CONFIG: d } })).toThrow(/is not valid JSON/);
  });
});
