/**
 * `docker stats --no-stream` as the reference for our figures (test and benchmark): the
 * CLI's JSON format, with sizes like `9.633MiB` turned back into bytes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliStats {
  readonly name: string;
  readonly cpuPercent: number;
  readonly memoryBytes: number;
  readonly memoryPercent: number;
}

const UNITS: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/** `9.633MiB` → 10100933; NaN when it is not a size. */
export function parseCliSize(text: string): number {
  const match = /^([\d.]+)\s*([A-Za-z]+)$/.exec(text.trim());
  if (match?.[1] === undefined || match[2] === undefined) return NaN;
  return Number(match[1]) * (UNITS[match[2]] ?? NaN);
}

/** One `docker stats --no-stream` run over the named containers. */
export async function dockerCliStats(names: readonly string[]): Promise<Map<string, CliStats>> {
  const { stdout } = await run(
    'docker',
    ['stats', '--no-stream', '--format', '{{json .}}', ...names],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const out = new Map<string, CliStats>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as Record<string, string>;
    const name = row.Name ?? '';
    out.set(name, {
      name,
      cpuPercent: Number((row.CPUPerc ?? '').replace('%', '')),
      memoryBytes: parseCliSize((row.MemUsage ?? '').split('/')[0] ?? ''),
      memoryPercent: Number((row.MemPerc ?? '').replace('%', '')),
    });
  }
  return out;
}
