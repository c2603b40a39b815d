/**
 * Test hosts for the fleet suites: scripts/test-hosts.sh run with a root folder and ports
 * of the tests' own (never the developer's /tmp/jobdeck-test-hosts on 22201+), so a
 * developer's hosts and a test run do not meet. Each host is an OpenSSH sshd on
 * 127.0.0.1 with its own private Docker engine and `host<I>-worker-<C>` containers.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireComponent } from './require-component.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'test-hosts.sh');

export interface TestHost {
  readonly index: number;
  readonly port: number;
  readonly dir: string;
  /** The engine's socket on this machine (for checking what the host really has). */
  readonly socket: string;
  /** The sshd host key's public half, `ssh-ed25519 AAAA…`. */
  readonly hostKey: string;
}

export class TestHosts {
  readonly root: string;
  readonly basePort: number;
  hosts: TestHost[] = [];

  constructor(options: { root: string; basePort: number }) {
    this.root = options.root;
    this.basePort = options.basePort;
  }

  get clientKey(): string {
    return join(this.root, 'client_key');
  }

  get knownHosts(): string {
    return join(this.root, 'known_hosts');
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      JOBDECK_TEST_HOSTS: this.root,
      JOBDECK_TEST_HOSTS_PORT: String(this.basePort),
    };
  }

  private async script(...args: string[]): Promise<void> {
    await run('bash', [SCRIPT, ...args], { env: this.env(), timeout: 120_000 });
  }

  async start(count: number, containers: number): Promise<TestHost[]> {
    await this.script('start', String(count), String(containers));
    this.hosts = Array.from({ length: count }, (_, i) => {
      const dir = join(this.root, `host${i + 1}`);
      return {
        index: i + 1,
        port: this.basePort + i,
        dir,
        socket: join(dir, 'docker.sock'),
        hostKey: readFileSync(join(dir, 'ssh_host_ed25519_key.pub'), 'utf8')
          .split(' ')
          .slice(0, 2)
          .join(' '),
      };
    });
    return this.hosts;
  }

  stopSshd(index: number): Promise<void> {
    return this.script('stop-sshd', String(index));
  }

  startSshd(index: number): Promise<void> {
    return this.script('start-sshd', String(index));
  }

  stop(): Promise<void> {
    return this.script('stop');
  }
}

/**
 * Whether test hosts can start here: root (each starts a dockerd), OpenSSH's sshd, dockerd
 * and the main engine with the test image. In CI a missing piece fails the run.
 */
export async function requireTestHosts(): Promise<{ available: boolean; reason: string }> {
  const docker = await requireComponent('docker');
  if (!docker.available) return docker;
  const missing =
    process.getuid?.() !== 0
      ? 'not root (each test host starts its own dockerd)'
      : !existsSync('/usr/sbin/sshd')
        ? 'no /usr/sbin/sshd: apt-get install openssh-server (bash .ci/run does this)'
        : null;
  if (missing === null) return { available: true, reason: 'test hosts can start' };
  if (process.env.CI === 'true') {
    throw new Error(`CI=true and the fleet test hosts cannot start: ${missing}`);
  }
  return { available: false, reason: `skipping the fleet suites: ${missing}` };
}
