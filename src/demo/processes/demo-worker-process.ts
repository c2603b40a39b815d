import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import { ConfigError } from '../../shared/errors.js';
import { builtEntry } from '../built-entry.js';
import type { DemoRandom } from '../create-random.js';
import type { DemoFleetMember } from '../demo-fleet-member.js';
import type { DemoConditions, DemoWorkerFault, DemoWorkerState } from '../demo-worker.js';
import {
  DEMO_WORKER_ENV,
  demoWorkerReportSchema,
  type DemoWorkerCommand,
  type DemoWorkerSpec,
} from './demo-worker-messages.js';

export interface DemoWorkerProcessOptions {
  readonly name: string;
  readonly url: string;
  readonly speed: number;
  /** Holds `<name>.pid`, `<name>.log` and the `<name>.restart` requests. */
  readonly runDir: string;
  readonly random: DemoRandom;
  /** Read on every poll and passed on to the process when they change. */
  readonly conditions: DemoConditions;
  readonly log: (line: string) => void;
}

/** How often the run dir is checked for a restart request. */
const POLL_MS = 250;
/** A killed replica stays down this long before its restart policy brings it back. */
const DOWNTIME_MS = [45_000, 90_000] as const;
/**
 * A crash-looping start lives this long, and the next start waits as long again. Real
 * time at any speed: jobdeck's reads every 2 s must see each start to count it.
 */
const CRASH_LIFE_MS = 3_000;
const CRASH_RESPAWN_MS = 3_000;
/** A process that ignores SIGTERM this long is killed. */
const STOP_GRACE_MS = 10_000;

/** The built child entry (see builtEntry). */
function childEntry(): string {
  const entry = builtEntry('demo-worker-child.js');
  if (!existsSync(entry)) {
    throw new ConfigError(`${entry}: the demo worker is not built; run npm run build`);
  }
  return entry;
}

/**
 * One worker_wrapper replica as a real child process, so the processes provider shows it
 * (pid file, CPU, RSS, uptime, last log line) and restarts it. This object plays the
 * replica's supervisor: a process an incident kills stays down for about a minute (Docker's
 * `restart: unless-stopped` in upstream's compose file, slowed down so the dashboard shows
 * it), unless a restart request comes first — `touch <runDir>/<name>.restart`, the demo
 * config's restart command, which jobdeck's restart key and self-healing run.
 */
export class DemoWorkerProcess implements DemoFleetMember {
  readonly name: string;
  readonly #options: DemoWorkerProcessOptions;
  readonly #entry: string;
  readonly #pidFile: string;
  readonly #request: string;
  #logFd: number | null = null;
  #child: ChildProcess | null = null;
  #exited: Promise<void> = Promise.resolve();
  #state: DemoWorkerState = 'dead';
  #doomed = false;
  #crashesLeft = 0;
  #crashingStart = false;
  #restartRequested = false;
  #burstSent = 0;
  #respawn: NodeJS.Timeout | null = null;
  #poll: NodeJS.Timeout | null = null;
  #stopping = false;

  constructor(options: DemoWorkerProcessOptions) {
    this.name = options.name;
    this.#options = options;
    this.#entry = childEntry();
    this.#pidFile = join(options.runDir, `${options.name}.pid`);
    this.#request = join(options.runDir, `${options.name}.restart`);
  }

  /** The running process's pid, null while it is down. */
  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  state(): DemoWorkerState {
    return this.#state;
  }

  /** Starts the process and the restart-request poll. */
  start(): void {
    mkdirSync(this.#options.runDir, { recursive: true });
    rmSync(this.#request, { force: true });
    // A fresh log each demo run: the last line is what the panel shows.
    this.#logFd = openSync(join(this.#options.runDir, `${this.name}.log`), 'w');
    this.#spawn();
    this.#poll = setInterval(() => {
      this.#check();
    }, POLL_MS);
  }

  kill(fault: DemoWorkerFault): boolean {
    const child = this.#child;
    if (child === null || this.#doomed || this.#crashingStart) return false;
    this.#doomed = true;
    const command: DemoWorkerCommand = { type: 'kill', fault };
    child.send(command);
    return true;
  }

  crashLoop(times: number): boolean {
    if (this.#crashesLeft > 0 || this.#crashingStart || this.#child === null) return false;
    this.#crashesLeft = times;
    this.#note(`a bad deploy: the next ${String(times)} starts fail`);
    // Replaced by the broken version: this start ends now.
    this.#restartRequested = true;
    this.#terminate();
    return true;
  }

  /** Stops the process for good and removes its pid file. Idempotent; never rejects. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#poll !== null) clearInterval(this.#poll);
    if (this.#respawn !== null) clearTimeout(this.#respawn);
    this.#poll = null;
    this.#respawn = null;
    this.#terminate();
    await this.#exited;
    rmSync(this.#pidFile, { force: true });
    if (this.#logFd !== null) closeSync(this.#logFd);
    this.#logFd = null;
  }

  #spawn(): void {
    this.#respawn = null;
    if (this.#stopping || this.#logFd === null) return;
    const { speed, random } = this.#options;
    this.#crashingStart = this.#crashesLeft > 0;
    if (this.#crashingStart) this.#crashesLeft -= 1;
    const spec: DemoWorkerSpec = {
      name: this.name,
      url: this.#options.url,
      speed,
      pidFile: this.#pidFile,
      crashAfterMs: this.#crashingStart ? CRASH_LIFE_MS : null,
      seed: random.int(0, 2 ** 31 - 1),
    };
    // The name as an argument: `ps` and the panel's command column say which replica.
    const child = fork(this.#entry, [this.name], {
      env: { ...process.env, [DEMO_WORKER_ENV]: JSON.stringify(spec) },
      execArgv: [],
      stdio: ['ignore', this.#logFd, this.#logFd, 'ipc'],
    });
    this.#child = child;
    this.#state = 'idle';
    this.#doomed = false;
    this.#burstSent = 0;
    this.#exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.#onExit(child, code, signal);
        resolveExit();
      });
    });
    child.on('message', (message: unknown) => {
      const report = demoWorkerReportSchema.safeParse(message);
      if (report.success && child === this.#child) this.#state = report.data.state;
    });
    child.on('error', (error) => {
      // A send to a process that just died: its exit handler takes it from here.
      this.#options.log(`[${this.name}] ${error.message}`);
    });
    this.#options.log(`[${this.name}] started as pid ${String(child.pid)}`);
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.#child) return;
    this.#child = null;
    this.#state = 'dead';
    if (this.#stopping) return;
    const how = signal === null ? `exit code ${String(code)}` : signal;
    const { speed, random } = this.#options;
    if (this.#restartRequested) {
      this.#restartRequested = false;
      this.#spawn();
    } else if (this.#crashingStart) {
      this.#note(`pid ${String(child.pid)} exited (${how}); starting again in 3 s`);
      this.#schedule(CRASH_RESPAWN_MS);
    } else {
      const downMs = random.between(...DOWNTIME_MS) / speed;
      this.#note(
        `pid ${String(child.pid)} ${signal === 'SIGKILL' ? 'killed' : 'exited'} (${how}); its restart policy brings it back in ${String(Math.round(downMs / 1000))} s`,
      );
      this.#schedule(downMs);
    }
  }

  #schedule(ms: number): void {
    if (this.#respawn !== null) clearTimeout(this.#respawn);
    this.#respawn = setTimeout(() => {
      this.#spawn();
    }, ms);
  }

  /** A restart request from jobdeck, and the failure burst passed on. */
  #check(): void {
    if (existsSync(this.#request)) {
      rmSync(this.#request, { force: true });
      this.#note('restart requested');
      if (this.#child === null) {
        if (this.#respawn !== null) clearTimeout(this.#respawn);
        this.#spawn();
      } else {
        this.#restartRequested = true;
        this.#terminate();
      }
    }
    const burst = this.#options.conditions.failureBurstUntil;
    if (this.#child !== null && this.#child.connected && burst !== this.#burstSent) {
      this.#burstSent = burst;
      const command: DemoWorkerCommand = { type: 'conditions', failureBurstUntil: burst };
      this.#child.send(command);
    }
  }

  /** SIGTERM, then SIGKILL when it is still there after the grace time. */
  #terminate(): void {
    const child = this.#child;
    if (child === null) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    force.unref();
    child.once('exit', () => {
      clearTimeout(force);
    });
  }

  /** A supervisor's line: in the replica's own log (the panel's last line) and the demo's. */
  #note(message: string): void {
    if (this.#logFd !== null) {
      writeSync(this.#logFd, `jobdeck demo: ${message}\n`);
    }
    this.#options.log(`[${this.name}] ${message}`);
  }
}
