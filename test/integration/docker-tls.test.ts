import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../src/shared/sleep.js';
import { DockerClient } from '../../src/sources/docker/docker-client.js';
import { resolveDockerEndpoint } from '../../src/sources/docker/docker-endpoint.js';
import { runCli } from '../helpers/run-cli.js';
import { requireTestHosts } from '../helpers/test-hosts.js';

// Same needs as the test hosts: root and dockerd (a private engine of our own).
const available = await requireTestHosts();
if (!available.available) console.warn(available.reason);

const PORT = 23761;

/** A self-signed CA in `dir`: ca.pem and ca-key.pem. */
function makeCa(dir: string, name: string): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as `docker` wants them. */
function makeCertificates(dir: string): void {
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  makeCa(dir, 'jobdeck test CA');
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n',
  );
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage = clientAuth\n');
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['client', '/CN=jobdeck'],
  ] as const) {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      subject,
      '-keyout',
      `${name}-key.pem`,
      '-out',
      `${name}.csr`,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}-cert.pem`,
    );
  }
}

describe.skipIf(!available.available)(
  'Docker over tcp:// with TLS, and a Docker context by name',
  () => {
    let dir = '';
    let engine: ChildProcess | null = null;
    const certs = (): string => join(dir, 'client-certs');

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'jobdeck-tls-'));
      makeCertificates(dir);
      // What DOCKER_CERT_PATH holds: ca.pem, cert.pem, key.pem.
      mkdirSync(certs());
      copyFileSync(join(dir, 'ca.pem'), join(certs(), 'ca.pem'));
      copyFileSync(join(dir, 'client-cert.pem'), join(certs(), 'cert.pem'));
      copyFileSync(join(dir, 'client-key.pem'), join(certs(), 'key.pem'));
      engine = spawn(
        'dockerd',
        [
          '--host',
          `tcp://127.0.0.1:${PORT}`,
          '--host',
          `unix://${join(dir, 'docker.sock')}`,
          '--tlsverify',
          '--tlscacert',
          join(dir, 'ca.pem'),
          '--tlscert',
          join(dir, 'server-cert.pem'),
          '--tlskey',
          join(dir, 'server-key.pem'),
          '--data-root',
          join(dir, 'data'),
          '--exec-root',
          join(dir, 'exec'),
          '--pidfile',
          join(dir, 'docker.pid'),
          '--iptables=false',
          '--bridge=none',
        ],
        { stdio: 'ignore' },
      );
      for (let i = 0; i < 60; i++) {
        try {
          execFileSync('docker', ['-H', `unix://${join(dir, 'docker.sock')}`, 'version'], {
            stdio: 'ignore',
          });
          return;
        } catch {
          await sleep(500);
        }
      }
      throw new Error('the TLS test engine did not start within 30 s');
    }, 60_000);

    afterAll(async () => {
      if (engine !== null && engine.exitCode === null) {
        const exited = new Promise((resolve) => engine?.once('exit', resolve));
        engine.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    const client = (env: Record<string, string>, context?: string): DockerClient =>
      new DockerClient(
        resolveDockerEndpoint({ env, home: dir, ...(context === undefined ? {} : { context }) }),
        { readOnly: true, env: {} },
      );

    it('DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH reach the engine with our client certificate', async () => {
      const version = (await client({
        DOCKER_HOST: `tcp://127.0.0.1:${PORT}`,
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: certs(),
      }).get('/version', {})) as { ApiVersion?: string };
      expect(version.ApiVersion).toMatch(/^1\.\d+$/);
    });

    it('the built binary reaches it too (node:https is loaded on demand in the bundle)', () => {
      const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-tls-cli-'));
      try {
        const run = runCli(cwd, ['status', '--json'], {
          DOCKER_HOST: `tcp://127.0.0.1:${PORT}`,
          DOCKER_TLS_VERIFY: '1',
          DOCKER_CERT_PATH: certs(),
        });
        const report = JSON.parse(run.stdout) as {
          docker: { ok: boolean; endpoint: string } | null;
        };
        expect(report.docker).toMatchObject({
          ok: true,
          endpoint: `tcp://127.0.0.1:${PORT} (TLS)`,
        });
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });

    it('says the engine expects TLS when DOCKER_TLS_VERIFY is missing', async () => {
      await expect(
        client({ DOCKER_HOST: `tcp://127.0.0.1:${PORT}` }).get('/version', {}),
      ).rejects.toThrow(
        `the Docker engine at tcp://127.0.0.1:${PORT} expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH`,
      );
    });

    it('refuses an engine whose certificate our CA did not sign', async () => {
      const otherCa = join(dir, 'other-ca');
      mkdirSync(otherCa);
      makeCa(otherCa, 'other');
      copyFileSync(join(certs(), 'cert.pem'), join(otherCa, 'cert.pem'));
      copyFileSync(join(certs(), 'key.pem'), join(otherCa, 'key.pem'));
      await expect(
        client({
          DOCKER_HOST: `tcp://127.0.0.1:${PORT}`,
          DOCKER_TLS_VERIFY: '1',
          DOCKER_CERT_PATH: otherCa,
        }).get('/version', {}),
      ).rejects.toThrow(
        /^TLS with the Docker engine at 127\.0\.0\.1:23761 failed .*check DOCKER_CERT_PATH/,
      );
    });

    it('a context made by `docker context create` is used by name, with its own TLS material', async () => {
      const dockerConfig = join(dir, 'docker-config');
      execFileSync(
        'docker',
        [
          'context',
          'create',
          'jd-tls',
          '--docker',
          `host=tcp://127.0.0.1:${PORT},ca=${join(certs(), 'ca.pem')},cert=${join(certs(), 'cert.pem')},key=${join(certs(), 'key.pem')}`,
        ],
        { env: { ...process.env, DOCKER_CONFIG: dockerConfig }, stdio: 'ignore' },
      );
      const byName = client({ DOCKER_CONFIG: dockerConfig }, 'jd-tls');
      expect(byName.endpoint).toMatchObject({
        kind: 'tcp',
        port: PORT,
        source: 'docker.context "jd-tls"',
      });
      const version = (await byName.get('/version', {})) as { ApiVersion?: string };
      expect(version.ApiVersion).toMatch(/^1\.\d+$/);
      // DOCKER_CONTEXT names it too.
      const byEnv = client({ DOCKER_CONFIG: dockerConfig, DOCKER_CONTEXT: 'jd-tls' });
      expect(((await byEnv.get('/version', {})) as { ApiVersion?: string }).ApiVersion).toBe(
        version.ApiVersion,
      );
    });
  },
);
