import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerClient } from '../../src/sources/docker/docker-client.js';
import type { DockerEndpoint } from '../../src/sources/docker/docker-endpoint-types.js';
import { httpStatus } from '../../src/sources/docker/http-status.js';
import { readRestartTarget } from '../../src/sources/docker/read-restart-target.js';
import { toDockerError } from '../../src/sources/docker/to-docker-error.js';
import { SourceQueryError } from '../../src/shared/errors.js';

const unix: DockerEndpoint = { kind: 'unix', socketPath: '/var/run/docker.sock', source: 'test' };

/** What docker-modem rejects with when the engine answers with an error status. */
const answered = (statusCode: number, message: string): Error =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), {
    statusCode,
    json: { message },
  });

describe('httpStatus', () => {
  it("reads dockerode's statusCode, also through the typed error's cause", () => {
    const raw = answered(404, 'No such container: abc');
    expect(httpStatus(raw)).toBe(404);
    const typed = toDockerError(raw, unix);
    expect(typed).toBeInstanceOf(SourceQueryError);
    expect(httpStatus(typed)).toBe(404);
    expect(httpStatus(new Error('aborted', { cause: typed }))).toBe(404);
    expect(httpStatus(toDockerError(answered(500, 'boom'), unix))).toBe(500);
  });

  it('is null without an answer, and never reads the message', () => {
    expect(httpStatus(new SourceQueryError('Docker engine answered HTTP 404: gone'))).toBeNull();
    expect(httpStatus(new Error('No such container: abc'))).toBeNull();
    expect(httpStatus(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBeNull();
    expect(httpStatus({ statusCode: '404' })).toBeNull();
    expect(httpStatus('HTTP 404')).toBeNull();
    expect(httpStatus(null)).toBeNull();
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(httpStatus(loop)).toBeNull();
  });
});

// A local HTTP server on a unix socket stands in for the engine: the client, docker-modem
// and the error mapping are the real ones.
describe('readRestartTarget against a local engine stand-in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-http-status-'));
  const socketPath = join(dir, 'docker.sock');
  const client = new DockerClient({ kind: 'unix', socketPath, source: 'test' }, { readOnly: true });
  let server: Server;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const status = req.url?.startsWith('/containers/gone/') === true ? 404 : 500;
      const message = status === 404 ? 'No such container: gone' : 'engine exploded';
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message }));
    });
    await new Promise<void>((resolve) => {
      server.listen(socketPath, resolve);
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    rmSync(dir, { recursive: true, force: true });
  });

  const options = { stopTimeoutMs: undefined, requestTimeoutMs: 5_000 };

  it('a 404 is "no container named", by status', async () => {
    await expect(readRestartTarget(client, 'gone', options)).rejects.toThrow(
      'no container named "gone": check `docker ps -a`',
    );
  });

  it('any other status keeps the engine’s words', async () => {
    await expect(readRestartTarget(client, 'other', options)).rejects.toThrow(
      'Docker engine answered HTTP 500: engine exploded',
    );
  });
});
