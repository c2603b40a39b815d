/**
 * bench/render.ts — bytes the dashboard writes to the terminal per refresh, in steady
 * state, at 120×40 in a real pseudo-terminal (issue 4: target ≤ 1 KB per refresh; a
 * full Ink redraw of such a screen is ~5 KB). It runs the dashboard against the demo
 * (an embedded PostgreSQL with a simulated QFieldCloud fleet), skips the warm-up (first
 * paint, history filling), then counts what reaches the terminal; it ends with `q` and
 * checks that the terminal was restored (alternate screen left, cursor shown).
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench-build/bench/render.js \
 *     [--seconds 60] [--warmup 15] [--cols 120] [--rows 40] [--data-dir DIR] [--dump FILE]
 *
 * Needs `npm run build` first: it runs the real `node dist/cli.js demo`. (Its `--child`
 * mode, which imported dist/'s modules one by one, went when dist/ became one bundle.)
 * The pseudo-terminal is Python's `pty` module (no native Node addon).
 */
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const SECONDS = Number(option('seconds', '60'));
const WARMUP = Number(option('warmup', '15'));
const COLS = Number(option('cols', '120'));
const ROWS = Number(option('rows', '40'));
const DATA_DIR = option('data-dir', join(tmpdir(), 'jobdeck-bench-render'));
/** `--dump FILE`: everything the dashboard wrote, to look at with `less -R` or `cat -v`. */
const DUMP = option('dump', '');
const repoRoot = join(import.meta.dirname, '..', '..');

/** Runs argv in a pty of cols×rows; prints JSON: chunk times and sizes, the output tail. */
const PTY = String.raw`
import json, os, pty, select, struct, sys, time, fcntl, termios, base64, signal
cols, rows, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
argv = sys.argv[4:]
dump = os.environ.pop('PTY_DUMP_FILE', '')
out = open(dump, 'wb') if dump else None
pid, fd = pty.fork()
if pid == 0:
    # Sized before exec, so the program reads the right size at start.
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    os.environ['TERM'] = 'xterm-256color'
    os.execvp(argv[0], argv)
start = time.monotonic()
chunks, tail, sent_quit, status, alt_at, seen = [], b'', None, None, None, b''
def read_some(timeout):
    global tail, alt_at, seen
    r, _, _ = select.select([fd], [], [], timeout)
    if not r:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    if not data:
        return False
    chunks.append([time.monotonic() - start, len(data)])
    if alt_at is None:
        seen = (seen + data)[-64:]
        if b'\x1b[?1049h' in seen:
            alt_at = chunks[-1][0]
    if out:
        out.write(data)
    tail = (tail + data)[-8192:]
    return True
while time.monotonic() - start < seconds:
    if not read_some(0.2):
        break
quit_at = time.monotonic() - start
os.write(fd, b'q')
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(st)
        break
    if not read_some(0.2):
        pass
while read_some(0.1):
    if time.monotonic() > deadline:
        break
if status is None:
    os.kill(pid, signal.SIGKILL)
print(json.dumps({'chunks': chunks, 'quitAt': quit_at, 'altAt': alt_at, 'status': status, 'tail': base64.b64encode(tail).decode()}))
`;

interface PtyRun {
  readonly chunks: [number, number][];
  readonly quitAt: number;
  /** When the dashboard entered the alternate screen (its first frame follows). */
  readonly altAt: number | null;
  readonly status: number | null;
  readonly tail: string;
}

function runInPty(argv: readonly string[]): Promise<PtyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'python3',
      ['-c', PTY, String(COLS), String(ROWS), String(SECONDS), ...argv],
      {
        // The dump path goes by environment, never by position next to the command.
        env: { ...process.env, PTY_DUMP_FILE: DUMP },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`python3 pty helper exited with ${String(code)}`));
        return;
      }
      resolve(JSON.parse(out) as PtyRun);
    });
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

async function main(): Promise<void> {
  const argv = [process.execPath, join(repoRoot, 'dist', 'cli.js'), 'demo', '--data-dir', DATA_DIR];
  console.log(
    `render bench: dist/cli.js demo in a ${COLS}×${ROWS} pty, ${SECONDS} s (warm-up ${WARMUP} s)`,
  );
  const run = await runInPty(argv);
  const first = run.altAt ?? undefined;
  if (first === undefined) {
    const text = Buffer.from(run.tail, 'base64').toString('utf8');
    throw new Error(
      `the dashboard never entered the alternate screen; the terminal showed:\n${text}`,
    );
  }
  const from = first + WARMUP;
  if (run.quitAt < from) {
    const text = Buffer.from(run.tail, 'base64').toString('utf8');
    throw new Error(
      `the dashboard ended after ${run.quitAt.toFixed(1)} s (exit ${String(run.status)}):\n${text}`,
    );
  }
  const steady = run.chunks.filter(([t]) => t >= from && t < run.quitAt);
  const seconds = run.quitAt - from;
  const bytes = steady.reduce((sum, [, n]) => sum + n, 0);
  // A frame is the burst of writes Ink makes for one render (chunks < 50 ms apart).
  const frames: number[] = [];
  let last = -Infinity;
  for (const [t, n] of steady) {
    if (t - last > 0.05) frames.push(0);
    frames[frames.length - 1] = (frames[frames.length - 1] ?? 0) + n;
    last = t;
  }
  const sorted = [...frames].sort((a, b) => a - b);
  const refreshes = seconds / 2;
  const tail = Buffer.from(run.tail, 'base64').toString('latin1');
  const restored = tail.includes('\u001b[?1049l') && tail.includes('\u001b[?25h');
  const firstPaint = run.chunks.filter(([t]) => t < first + 1).reduce((sum, [, n]) => sum + n, 0);
  console.log(`first paint (1 s):        ${firstPaint} bytes`);
  console.log(
    `steady state:             ${seconds.toFixed(1)} s, ${bytes} bytes, ${(bytes / seconds).toFixed(0)} bytes/s`,
  );
  console.log(`per refresh (2 s):        ${(bytes / refreshes).toFixed(0)} bytes (target ≤ 1024)`);
  console.log(
    `frames written:           ${frames.length}; bytes per frame median ${percentile(sorted, 0.5)}, p95 ${percentile(sorted, 0.95)}, max ${sorted.at(-1) ?? 0}`,
  );
  console.log(
    `quit with q:              exit ${String(run.status)}, terminal restored: ${restored ? 'yes' : 'NO'}`,
  );
  if (!restored || run.status !== 0) process.exitCode = 1;
}

await main();
