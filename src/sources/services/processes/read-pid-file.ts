import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const pidSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, 'expected a process id')
  .transform(Number)
  .refine((pid) => pid > 0 && Number.isSafeInteger(pid), 'expected a process id');

export type PidFileContent =
  { readonly ok: true; readonly pid: number } | { readonly ok: false; readonly reason: string };

/**
 * The pid a pid file holds (its first line; daemons write `812\n`). A missing file is
 * reported as such, so a pid file removed between the glob and the read is not an error.
 */
export async function readPidFile(path: string): Promise<PidFileContent> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'read error';
    return { ok: false, reason: code === 'ENOENT' ? 'pid file gone' : `pid file: ${code}` };
  }
  const parsed = pidSchema.safeParse(text.split('\n')[0] ?? '');
  return parsed.success
    ? { ok: true, pid: parsed.data }
    : { ok: false, reason: 'pid file holds no process id' };
}
