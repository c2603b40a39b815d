import { stripVTControlCharacters } from 'node:util';
import { Throttle } from '../shared/throttle.js';
import type { AppSnapshot } from '../store/app-snapshot.js';
import type { StatusReport } from '../app/status/status-report.js';
import { verdictExitCode } from '../store/readiness-verdict.js';
import { watchFrame } from '../ui/screens/watch-frame.js';
import { createTheme } from '../ui/theme.js';
import { statusText } from '../ui/view-models/status-text.js';
import type { SessionChannel } from './session-channel.js';

/** The read-only commands an exec request may run. */
export const EXEC_COMMANDS = ['status', 'status --json', 'watch --once'] as const;

export type ExecCommand = (typeof EXEC_COMMANDS)[number];

/** `ssh host status` → `status`; `jobdeck status --json` too; anything else → null. */
export function parseExecCommand(command: string): ExecCommand | null {
  const words = command.trim().split(/\s+/);
  if (words[0] === 'jobdeck') words.shift();
  const line = words.join(' ');
  return EXEC_COMMANDS.find((c) => c === line) ?? null;
}

export interface ExecSources {
  /** The shared store's latest snapshot, once every source has answered once. */
  readonly snapshot: () => Promise<AppSnapshot>;
  readonly report: (snapshot: AppSnapshot) => StatusReport;
}

const plain = createTheme({ color: false, ascii: false });

/** The compact panel without any escape sequence: exec output goes to scripts and pipes. */
function plainFrame(snapshot: AppSnapshot): string {
  return stripVTControlCharacters(
    watchFrame(snapshot, { theme: plain, width: 100, now: Date.now() }),
  );
}

/**
 * Runs one exec request from the shared store's latest reading (no query of its own)
 * and ends the channel with the command's exit code: 0/1/2 like `jobdeck status`, 2
 * for a command that is not offered.
 */
export async function runExec(
  channel: SessionChannel,
  command: string,
  sources: ExecSources,
): Promise<number> {
  const parsed = parseExecCommand(command);
  let code: number;
  if (parsed === null) {
    channel.stderr.write(
      `jobdeck serve: only ${EXEC_COMMANDS.join(', ')} run here (read-only); got "${command.slice(0, 80)}"\n`,
    );
    code = 2;
  } else {
    const snapshot = await sources.snapshot();
    if (parsed === 'watch --once') {
      channel.write(`${plainFrame(snapshot)}\n`);
      code = snapshot.verdict === null ? 2 : verdictExitCode(snapshot.verdict);
    } else {
      const report = sources.report(snapshot);
      channel.write(
        parsed === 'status --json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : `${statusText(report, { color: false }).join('\n')}\n`,
      );
      code = report.exitCode;
    }
  }
  if (channel.writable) {
    channel.exit(code);
    channel.end();
  }
  return code;
}

/**
 * A shell request without a pty (`ssh -T host`, a script): the compact panel as plain
 * lines, one frame per refresh, until the client hangs up.
 */
export function streamWatchLines(
  channel: SessionChannel,
  store: { subscribe(listener: () => void): () => void; getSnapshot(): AppSnapshot },
  intervalMs: number,
): () => void {
  const throttle = new Throttle(intervalMs);
  const frame = (): void => {
    throttle.ran();
    if (!channel.writable || channel.writableLength > 64 * 1024) return;
    channel.write(`${plainFrame(store.getSnapshot())}\n\n`);
  };
  const off = store.subscribe(() => {
    throttle.schedule(frame);
  });
  frame();
  const stop = (): void => {
    off();
    throttle.cancel();
  };
  channel.on('close', stop);
  return stop;
}
