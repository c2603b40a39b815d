/**
 * A program in a real pseudo-terminal, for end-to-end tests of the full-screen views.
 * The pty is Python's `pty` module (no native Node addon): python3 relays our keys to the
 * terminal and the terminal's raw output back. Assertions read the output with the
 * escape sequences removed, from a mark on, so a wait never matches an older frame.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

const RELAY = String.raw`
import fcntl, os, pty, select, signal, struct, sys, termios
cols, rows = int(sys.argv[1]), int(sys.argv[2])
argv = sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    # Sized before exec, so the program reads the right size at start.
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    os.execvp(argv[0], argv)
stdin_open = True
while True:
    ready, _, _ = select.select([fd] + ([0] if stdin_open else []), [], [], 0.1)
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            break
        os.write(1, data)
    if 0 in ready:
        keys = os.read(0, 4096)
        if keys:
            os.write(fd, keys)
        else:
            stdin_open = False
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
sys.exit(128 - code if code < 0 else code)
`;

/** Whether python3 (and so a pseudo-terminal) is available. */
export function ptyAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
}

export class PtySession {
  private raw = '';
  private mark = 0;
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;

  constructor(
    argv: readonly string[],
    options: { cols: number; rows: number; env: NodeJS.ProcessEnv; cwd: string },
  ) {
    this.child = spawn(
      'python3',
      ['-c', RELAY, String(options.cols), String(options.rows), ...argv],
      {
        env: { ...options.env, TERM: 'xterm-256color' },
        cwd: options.cwd,
      },
    );
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (data: string) => {
      this.raw += data;
    });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code) => {
        resolve(code ?? -1);
      });
    });
  }

  /** Everything the program wrote, escape sequences included. */
  get output(): string {
    return this.raw;
  }

  /** Types keys (raw bytes: `\r` Enter, `\u001b` Esc). */
  press(keys: string): void {
    this.mark = this.raw.length;
    this.child.stdin.write(keys);
  }

  /** Waits until the text written since the last key (escapes removed) contains `text`. */
  async waitFor(text: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!stripVTControlCharacters(this.raw.slice(this.mark)).includes(text)) {
      if (Date.now() > deadline) {
        const seen = stripVTControlCharacters(this.raw.slice(this.mark)).slice(-2000);
        throw new Error(
          `"${text}" did not appear within ${timeoutMs} ms; the terminal showed:\n${seen}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ends the relay (and with it the program) if it is still running. */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
