import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerConfigSchema } from '../../src/config/docker-config-schema.js';
import type { SourceResult } from '../../src/shared/source-result.js';
import { keyFingerprint } from '../../src/shared/key-fingerprint.js';
import { DockerClient } from '../../src/sources/docker/docker-client.js';
import { DockerCollector } from '../../src/sources/docker/docker-collector.js';
import type { DockerSnapshot } from '../../src/sources/docker/docker-snapshot.js';
import { requireTestHosts, TestHosts, type TestHost } from '../helpers/test-hosts.js';

const hostsAvailable = await requireTestHosts();
if (!hostsAvailable.available) console.warn(hostsAvailable.reason);

/** Established TCP connections of this process to 127.0.0.1:port (what `ss -tnp` shows). */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((line) => line.includes(`pid=${process.pid},`)).length;
}

function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index} (of ${items.length})`);
  return item;
}

function names(result: SourceResult<DockerSnapshot> | null): string[] {
  if (result?.ok !== true) return [];
  return result.data.services
    .flatMap((s) => s.containers)
    .map((c) => c.name)
    .sort();
}

describe.skipIf(!hostsAvailable.available)('Docker over ssh:// on three test hosts', () => {
  const hosts = new TestHosts({ root: '/tmp/jobdeck-vitest-hosts', basePort: 22301 });
  let list: TestHost[] = [];
  let clients: DockerClient[] = [];
  let collectors: DockerCollector[] = [];
  let scratch = '';

  const client = (host: TestHost, knownHosts = hosts.knownHosts): DockerClient =>
    new DockerClient(
      { kind: 'ssh', host: '127.0.0.1', port: host.port, username: 'root', source: 'test' },
      { readOnly: true, env: {}, ssh: { identityFile: hosts.clientKey, knownHosts } },
    );

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'jobdeck-ssh-'));
    // Host 1 runs 6 containers: 6 stats streams + the event stream + requests, over an
    // sshd whose MaxSessions is 2.
    list = await hosts.start(3, 2);
    for (let c = 3; c <= 6; c++) {
      // Left over by a run that was cut short: start from a clean slate.
      spawnSync(
        'docker',
        ['-H', `unix://${nth(list, 0).socket}`, 'rm', '-f', `host1-worker-${c}`],
        {
          stdio: 'ignore',
        },
      );
      execFileSync('docker', [
        '-H',
        `unix://${nth(list, 0).socket}`,
        'run',
        '-d',
        '--name',
        `host1-worker-${c}`,
        '--network',
        'none',
        '--label',
        'com.docker.compose.project=host1',
        '--label',
        'com.docker.compose.service=worker',
        '--label',
        `com.docker.compose.container-number=${c}`,
        'jobdeck-test/busybox:latest',
        'sleep',
        '1000000',
      ]);
    }
    clients = list.map((host) => client(host));
    collectors = clients.map((c) =>
      new DockerCollector({
        client: c,
        config: dockerConfigSchema.parse({ logs: { enabled: true, every: '1s' } }),
      }).start(),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(collectors.map((c) => c.close()));
    await hosts.stop();
    rmSync(scratch, { recursive: true, force: true });
  }, 120_000);

  it('each target shows its own containers, with stats, over one SSH connection per host', async () => {
    const results = await Promise.all(
      collectors.map((c) =>
        c.waitFor(
          (r) =>
            r.ok &&
            r.data.eventsConnected &&
            r.data.services
              .flatMap((s) => s.containers)
              .every((x) => x.state !== 'running' || x.resources?.cpuPercent != null),
          20_000,
        ),
      ),
    );
    expect(names(nth(results, 0))).toEqual([1, 2, 3, 4, 5, 6].map((c) => `host1-worker-${c}`));
    expect(names(nth(results, 1))).toEqual(['host2-worker-1', 'host2-worker-2']);
    expect(names(nth(results, 2))).toEqual(['host3-worker-1', 'host3-worker-2']);
    expect(results[0]?.ok === true && results[0].data.statsMode).toBe('stream');
    // 6 stats streams, the event stream and the log reader, yet one TCP connection each.
    for (const host of list) expect(connectionsTo(host.port)).toBe(1);
  }, 30_000);

  it('a second client of the same host (the restarter, doctor) shares the connection', async () => {
    const other = client(nth(list, 1));
    const version = (await other.get('/version', {})) as { ApiVersion?: string };
    expect(version.ApiVersion).toMatch(/^1\.\d+$/);
    expect(other.ssh).not.toBeNull();
    expect(other.ssh).toBe(nth(clients, 1).ssh);
    expect(connectionsTo(nth(list, 1).port)).toBe(1);
  });

  it('a host whose sshd stops is marked down alone, and recovers when sshd is back', async () => {
    await hosts.stopSshd(2);
    const down = await nth(collectors, 1).waitFor((r) => !r.ok, 20_000);
    expect(down).toMatchObject({ ok: false });
    expect(down?.ok === false && down.error).toMatch(/127\.0\.0\.1:22302/);
    // The other hosts are untouched.
    for (const i of [0, 2]) expect(nth(collectors, i).getSnapshot()?.ok).toBe(true);

    await hosts.startSshd(2);
    const back = await nth(collectors, 1).waitFor((r) => r.ok && r.data.eventsConnected, 45_000);
    expect(names(back)).toEqual(['host2-worker-1', 'host2-worker-2']);
    expect(connectionsTo(nth(list, 1).port)).toBe(1);
  }, 90_000);

  it('refuses an unknown host key, naming its fingerprint, and a changed one', async () => {
    const host = nth(list, 2);
    const blob = Buffer.from(host.hostKey.split(' ')[1] ?? '', 'base64');
    const fingerprint = keyFingerprint(blob);
    expect(fingerprint).toBe(
      execFileSync('ssh-keygen', ['-lf', join(host.dir, 'ssh_host_ed25519_key.pub')], {
        encoding: 'utf8',
      }).split(' ')[1],
    );

    const empty = join(scratch, 'known_hosts_empty');
    writeFileSync(empty, '');
    await expect(client(host, empty).get('/version', {})).rejects.toThrow(
      `ssh [127.0.0.1]:${host.port}: host key not in known_hosts (ssh-ed25519 key ${fingerprint})`,
    );

    const other = ssh2.utils.generateKeyPairSync('ed25519').public.trim();
    const changed = join(scratch, 'known_hosts_changed');
    writeFileSync(changed, `[127.0.0.1]:${host.port} ${other}\n`);
    await expect(client(host, changed).get('/version', {})).rejects.toThrow(
      /HOST KEY CHANGED \(now ssh-ed25519 key SHA256:/,
    );
  });

  it('says which key was refused when the host does not accept ours', async () => {
    const { private: wrongKey } = ssh2.utils.generateKeyPairSync('ed25519');
    const keyFile = join(scratch, 'wrong_key');
    writeFileSync(keyFile, wrongKey, { mode: 0o600 });
    const wrong = new DockerClient(
      { kind: 'ssh', host: '127.0.0.1', port: nth(list, 0).port, username: 'root', source: 'test' },
      { readOnly: true, env: {}, ssh: { identityFile: keyFile, knownHosts: hosts.knownHosts } },
    );
    await expect(wrong.get('/version', {})).rejects.toThrow(
      `ssh root@127.0.0.1:${nth(list, 0).port}: no key was accepted`,
    );
  });
});
