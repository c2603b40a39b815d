import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { builtEntry } from './built-entry.js';

export interface DemoMonitorOptions {
  /** The demo's jobdeck.yaml. */
  readonly configPath: string;
  /** The demo database's URL (passed as DATABASE_URL, never on the command line). */
  readonly databaseUrl: string;
  /** XDG_STATE_HOME of the demo: its alert state, history and audit log. */
  readonly stateHome: string;
  /** The monitor's output goes here (appended). */
  readonly logPath: string;
  /** Check interval: short, so a demo shows alerts and healing within a minute. */
  readonly interval?: string;
  /** The demo runs read-only: the monitor alerts but never heals. */
  readonly readOnly: boolean;
  readonly log: (line: string) => void;
}

export interface DemoMonitor {
  /** SIGTERM, then waits for it to exit. Idempotent; never rejects. */
  stop(): Promise<void>;
}

/**
 * `jobdeck monitor` on the demo's config, as an operator runs it beside the dashboard:
 * it evaluates the alert rules (the dashboard's Alerts panel reads its state), heals
 * (restarts a killed replica through the restart command), records history. Returns null
 * when the built CLI is missing (the dashboard still runs, without alerts).
 */
export function startDemoMonitor(options: DemoMonitorOptions): DemoMonitor | null {
  const entry = builtEntry('cli.js');
  if (!existsSync(entry)) {
    options.log(`demo monitor: ${entry} is not built; no alerts or healing in this demo`);
    return null;
  }
  const out = openSync(options.logPath, 'a');
  const child = spawn(
    process.execPath,
    [
      entry,
      'monitor',
      '--config',
      options.configPath,
      '--interval',
      options.interval ?? '10s',
      ...(options.readOnly ? ['--read-only'] : []),
    ],
    {
      env: { ...process.env, DATABASE_URL: options.databaseUrl, XDG_STATE_HOME: options.stateHome },
      // The IPC channel only tells the monitor when the demo is gone.
      stdio: ['ignore', out, out, 'ipc'],
    },
  );
  closeSync(out);
  let stopping = false;
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      if (!stopping) {
        options.log(`demo monitor exited (${signal ?? `exit code ${String(code)}`})`);
      }
      resolveExit();
    });
    child.once('error', (error) => {
      options.log(`demo monitor: ${error.message}`);
      resolveExit();
    });
  });
  options.log(`demo monitor: jobdeck monitor as pid ${String(child.pid)}`);
  return {
    async stop(): Promise<void> {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}
