import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerClient } from '../../src/sources/docker/docker-client.js';
import type { DockerEndpoint } from '../../src/sources/docker/docker-endpoint-types.js';
import { toDockerError } from '../../src/sources/docker/to-docker-error.js';
import {
  ActionRefusedError,
  SourceQueryError,
  SourceUnreachableError,
} from '../../src/shared/errors.js';

const unix: DockerEndpoint = {
  kind: 'unix',
  socketPath: '/var/run/docker.sock',
  source: 'default',
};
const tcp: DockerEndpoint = {
  kind: 'tcp',
  host: 'vps1',
  port: 2376,
  tls: null,
  source: 'DOCKER_HOST',
};
const ssh: DockerEndpoint = {
  kind: 'ssh',
  host: 'vps1',
  port: 22,
  username: 'deploy',
  source: 'DOCKER_HOST',
};

/** A Node system error as `net` raises it. */
const sys = (code: string): Error =>
  Object.assign(new Error(`connect ${code} somewhere`), { code });

describe('toDockerError', () => {
  it('unix socket: missing, refused, forbidden', () => {
    const missing = toDockerError(sys('ENOENT'), unix);
    expect(missing).toBeInstanceOf(SourceUnreachableError);
    expect(missing.message).toBe(
      'no Docker engine at /var/run/docker.sock: is Docker running? set DOCKER_HOST otherwise',
    );
    expect(toDockerError(sys('ECONNREFUSED'), unix).message).toMatch(/^no Docker engine at /);
    expect(toDockerError(sys('EACCES'), unix).message).toBe(
      'permission denied on /var/run/docker.sock: add your user to the docker group',
    );
  });

  it('tcp: refused, unreachable, unknown host, TLS, plain HTTP to a TLS port', () => {
    expect(toDockerError(sys('ECONNREFUSED'), tcp).message).toBe(
      'Docker engine at vps1:2376 refused the connection: is dockerd listening there? check DOCKER_HOST',
    );
    expect(toDockerError(sys('ETIMEDOUT'), tcp).message).toBe(
      'Docker engine at vps1:2376 is unreachable (ETIMEDOUT): check the address, network and firewall',
    );
    expect(toDockerError(sys('ENOTFOUND'), tcp).message).toBe(
      'cannot resolve vps1 (from DOCKER_HOST): check the host name',
    );
    expect(toDockerError(sys('DEPTH_ZERO_SELF_SIGNED_CERT'), tcp).message).toMatch(
      /^TLS with the Docker engine at vps1:2376 failed \(DEPTH_ZERO_SELF_SIGNED_CERT\): check DOCKER_CERT_PATH/,
    );
    const http = Object.assign(new Error('(HTTP code 400) unexpected'), {
      statusCode: 400,
      json: { message: 'Client sent an HTTP request to an HTTPS server.' },
    });
    expect(toDockerError(http, tcp).message).toMatch(/expects TLS: set DOCKER_TLS_VERIFY=1/);
  });

  it('ssh: authentication and connection', () => {
    const auth = Object.assign(new Error('All configured authentication methods failed'), {
      level: 'client-authentication',
    });
    expect(toDockerError(auth, ssh).message).toBe(
      'ssh authentication to ssh://deploy@vps1 failed: load a key the host accepts into ssh-agent (SSH_AUTH_SOCK)',
    );
    expect(toDockerError(sys('ECONNREFUSED'), ssh).message).toMatch(
      /^ssh to vps1:22 failed \(ECONNREFUSED\)/,
    );
  });

  it('classifies codes as the shared networkFailure does (every DNS, reset and TLS code)', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']) {
      expect(toDockerError(sys(code), tcp).message).toBe(
        'cannot resolve vps1 (from DOCKER_HOST): check the host name',
      );
      expect(toDockerError(sys(code), ssh).message).toMatch(/^cannot resolve vps1 /);
    }
    for (const code of ['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ECONNABORTED']) {
      expect(toDockerError(sys(code), tcp).message).toMatch(
        /^Docker engine at vps1:2376 is unreachable/,
      );
      expect(toDockerError(sys(code), ssh).message).toBe(
        `ssh to vps1:22 failed (${code}): check the host, the port and that sshd runs`,
      );
    }
    expect(toDockerError(sys('ERR_SSL_WRONG_VERSION_NUMBER'), tcp).message).toMatch(
      /^TLS with the Docker engine at vps1:2376 failed \(ERR_SSL_WRONG_VERSION_NUMBER\)/,
    );
    for (const code of ['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']) {
      expect(toDockerError(sys(code), tcp).message).toBe(
        `lost the connection to the Docker engine at tcp://vps1:2376 (${code}): is it restarting?`,
      );
    }
    // Not a network code: the engine's first line, as it said it.
    expect(toDockerError(sys('EWEIRD'), tcp).message).toBe(
      'Docker engine at tcp://vps1:2376: connect EWEIRD somewhere',
    );
  });

  it('HTTP answers keep the engine’s words; 403 is a refusal', () => {
    const notFound = Object.assign(
      new Error('(HTTP code 404) no such container - No such container: abc '),
      {
        statusCode: 404,
        json: { message: 'No such container: abc' },
      },
    );
    const e = toDockerError(notFound, unix);
    expect(e).toBeInstanceOf(SourceQueryError);
    expect(e.message).toBe('Docker engine answered HTTP 404: No such container: abc');
    const forbidden = Object.assign(new Error('x'), {
      statusCode: 403,
      json: { message: 'authz denied' },
    });
    expect(toDockerError(forbidden, unix)).toBeInstanceOf(ActionRefusedError);
  });

  it('a timeout we set arrives as its own error; a connection reset is "lost"', () => {
    const ours = new SourceUnreachableError('did not answer within 5s');
    const abort = Object.assign(new Error('The operation was aborted'), {
      name: 'AbortError',
      cause: ours,
    });
    expect(toDockerError(abort, unix)).toBe(ours);
    expect(toDockerError(sys('ECONNRESET'), unix).message).toBe(
      'lost the connection to the Docker engine at unix:///var/run/docker.sock (ECONNRESET): is it restarting?',
    );
  });
});

/** A raw request through the client's modem, as any library method would send it. */
function dial(client: DockerClient, method: string, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client.modem.dial(
      { path, method, options: {}, statusCodes: { 200: true, 204: true } },
      (error, result) => {
        if (error !== null) reject(error);
        else resolve(result);
      },
    );
  });
}

describe('DockerClient', () => {
  // No engine needed: the point is that refusals never leave the process.
  const missing: DockerEndpoint = {
    kind: 'unix',
    socketPath: join(tmpdir(), `jobdeck-absent-${process.pid}.sock`),
    source: 'test',
  };

  it('read-only refuses every non-GET at the HTTP layer, whatever call made it', async () => {
    const client = new DockerClient(missing, { readOnly: true });
    for (const [method, path] of [
      ['POST', '/containers/abc/restart?'],
      ['POST', '/containers/abc/stop?'],
      ['POST', '/containers/abc/kill?'],
      ['DELETE', '/containers/abc?'],
      ['POST', '/containers/prune?'],
      ['PUT', '/containers/abc/archive?'],
    ] as const) {
      await expect(dial(client, method, path)).rejects.toBeInstanceOf(ActionRefusedError);
    }
    await expect(client.post('/containers/abc/restart', { t: 10 })).rejects.toThrow(
      /^read-only mode: refused POST \/containers\/abc\/restart \(restarts and other changes are disabled; run without --read-only to allow them\)$/,
    );
    // Reads go through (and fail here only because there is no engine).
    await expect(client.get('/containers/abc/json', {})).rejects.toThrow(
      /^no Docker engine at .*jobdeck-absent/,
    );
  });

  it('a writable client sends the request (and maps the failure to one line)', async () => {
    const client = new DockerClient(missing, { readOnly: false });
    await expect(client.post('/containers/abc/restart', {})).rejects.toBeInstanceOf(
      SourceUnreachableError,
    );
  });

  it('tcp: a closed port is named with host and port; missing TLS files fail at construction', async () => {
    const closed: DockerEndpoint = {
      kind: 'tcp',
      host: '127.0.0.1',
      port: 1,
      tls: null,
      source: 'DOCKER_HOST',
    };
    await expect(new DockerClient(closed, { readOnly: true }).get('/_ping', {})).rejects.toThrow(
      'Docker engine at 127.0.0.1:1 refused the connection: is dockerd listening there? check DOCKER_HOST',
    );
    const tls: DockerEndpoint = {
      ...closed,
      tls: {
        verify: true,
        ca: '/nonexistent/ca.pem',
        cert: '/nonexistent/cert.pem',
        key: '/nonexistent/key.pem',
      },
    };
    expect(() => new DockerClient(tls, { readOnly: true })).toThrow(
      'cannot read the TLS CA certificate /nonexistent/ca.pem: check DOCKER_CERT_PATH (it must hold ca.pem, cert.pem, key.pem)',
    );
  });

  it('ignores DOCKER_HOST from the environment once the endpoint is resolved', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'tcp://192.0.2.1:2375';
    try {
      const client = new DockerClient(missing, { readOnly: false });
      await expect(client.get('/_ping', {})).rejects.toThrow(
        /^no Docker engine at .*jobdeck-absent/,
      );
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
    expect(process.env.DOCKER_HOST).toBe(saved);
  });
});
