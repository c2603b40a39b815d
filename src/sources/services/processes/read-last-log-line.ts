import { open, type FileHandle } from 'node:fs/promises';
import { cleanLogText } from '../../docker/clean-log-text.js';
import type { InstanceLogLine } from '../service-provider.js';

/** How much of the file's end is read: a last line longer than this is shown cut. */
const TAIL_BYTES = 4096;

/**
 * The last non-blank line of a log file, reading only its last 4 KB; null when the file
 * is missing, unreadable or blank. `at` is the file's modification time, which is when
 * its last line was written; the stream is unknown, and a log file is stdout by habit.
 */
export async function readLastLogLine(path: string): Promise<InstanceLogLine | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const { size, mtimeMs } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    // The first line of a cut tail may start mid-line (or mid-character); keep it only when
    // the read began at the start of the file or nothing else is there.
    if (length < size && lines.length > 1) lines.shift();
    for (let index = lines.length - 1; index >= 0; index--) {
      const text = cleanLogText(lines[index] ?? '');
      if (text !== '') return { text, stream: 'stdout', at: Math.round(mtimeMs) };
    }
    return null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}
