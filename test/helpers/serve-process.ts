import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI } from './run-cli.js';

/** `jobdeck serve` as a child process, its port read from its start-up line. */
export class ServeProcess {
  private err = '';
  readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => {
      child.on('close', (code) => {
        resolve(code);
      });
    });
  }

  static async start(
    args: readonly string[],
    options: { cwd: string; env: Record<string, string> },
  ): Promise<ServeProcess> {
    const child = spawn(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0', ...args], {
      cwd: options.cwd,
      env: options.env,
    });
    let err = '';
    child.stderr.setEncoding('utf8');
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`jobdeck serve did not start within 20 s:\n${err}`));
      }, 20_000);
      child.stderr.on('data', (chunk: string) => {
        err += chunk;
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
        if (m !== null) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`jobdeck serve exited with ${String(code)}:\n${err}`));
      });
    });
    const serve = new ServeProcess(child, port);
    serve.err = err;
    child.stderr.on('data', (chunk: string) => {
      serve.err += chunk;
    });
    return serve;
  }

  /** Its log so far (stderr). */
  get log(): string {
    return this.err;
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
