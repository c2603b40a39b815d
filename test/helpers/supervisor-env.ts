import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callSupervisor } from '../../src/sources/services/supervisor/call-supervisor.js';
import { parseSupervisorEndpoint } from '../../src/sources/services/supervisor/supervisor-endpoint.js';
import { RQ_CLI, RQ_FIXTURES } from './rq-env.js';

export const SUPERVISORD = '/usr/bin/supervisord';

/** Whether supervisord and rq are installed; in CI their absence fails the run. */
export function requireSupervisor(): { available: boolean; reason: string } {
  const missing = [SUPERVISORD, RQ_CLI].filter((p) => !existsSync(p));
  if (missing.length === 0) return { available: true, reason: 'supervisord and rq installed' };
  const reason = `${missing.join(' and ')} missing: apt-get install supervisor python3-rq`;
  if (process.env.CI === 'true')
    throw new Error(`CI=true and a required component is missing: ${reason}`);
  return { available: false, reason: `skipping: ${reason}` };
}

export interface SupervisorEnv {
  readonly dir: string;
  /** `unix://<dir>/supervisor.sock`. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A private supervisord like Frappe's `bench setup supervisor` writes: a group
 * `bench-workers` of two real `rq worker` programs (…-short-worker-0 and
 * …-default-worker-0 on `redisUrl`), plus `crashy`, which exits at once and ends in
 * BACKOFF then FATAL. Optionally with a username/password on the socket.
 */
export async function startSupervisor(opts: {
  redisUrl: string;
  auth?: { username: string; password: string };
}): Promise<SupervisorEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-supervisor-'));
  const sock = join(dir, 'supervisor.sock');
  const worker = (queue: string): string => `
[program:bench-${queue}-worker]
command=${RQ_CLI} worker --url ${opts.redisUrl} -P ${RQ_FIXTURES} ${queue}
process_name=%(program_name)s-%(process_num)d
numprocs=1
autorestart=true
startsecs=1
stopsignal=TERM
stopwaitsecs=5
stderr_logfile=${dir}/%(program_name)s-%(process_num)d.err.log
stdout_logfile=${dir}/%(program_name)s-%(process_num)d.out.log
environment=PYTHONDONTWRITEBYTECODE="1",PYTHONNOUSERSITE="1"
`;
  const auth =
    opts.auth === undefined
      ? ''
      : `username=${opts.auth.username}\npassword=${opts.auth.password}\n`;
  writeFileSync(
    join(dir, 'supervisord.conf'),
    `[unix_http_server]
file=${sock}
chmod=0700
${auth}
[supervisord]
nodaemon=true
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${sock}
${worker('short')}${worker('default')}
[program:crashy]
command=sh -c 'echo boom >&2; exit 3'
startsecs=1
startretries=1
autorestart=true
stderr_logfile=${dir}/crashy.err.log

[group:bench-workers]
programs=bench-short-worker,bench-default-worker
`,
  );
  const child: ChildProcess = spawn(SUPERVISORD, ['-c', join(dir, 'supervisord.conf')], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      done();
    }),
  );
  const url = `unix://${sock}`;
  const endpoint = parseSupervisorEndpoint(url);
  const authLine = opts.auth === undefined ? null : `${opts.auth.username}:${opts.auth.password}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await callSupervisor('supervisor.getState', [], {
        endpoint,
        auth: authLine,
        timeoutMs: 1000,
      });
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`supervisord did not answer on ${sock}: ${String(error)}`, {
          cause: error,
        });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    dir,
    url,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
