import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import type { AlertsView } from '../store/alerts-view.js';

const TAIL_BYTES = 64 * 1024;
const lineSchema = z.object({
  time: z.string(),
  kind: z.enum(['firing', 'resolved', 'test']),
  severity: z.string(),
  rule: z.string(),
  subject: z.string(),
  summary: z.string(),
});

/** The last `max` notices of the alert log (JSONL), newest first; lines that do not parse are skipped. */
export function readAlertLog(path: string, max = 20): AlertsView['recent'] {
  if (!existsSync(path)) return [];
  const fd = openSync(path, 'r');
  let text: string;
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    text = buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
  // The first line may be cut by the tail window: parse failures are simply skipped.
  const out: AlertsView['recent'][number][] = [];
  for (const line of text.split('\n').reverse()) {
    if (out.length >= max) break;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) continue;
    const at = Date.parse(parsed.data.time);
    if (!Number.isFinite(at)) continue;
    out.push({
      at,
      kind: parsed.data.kind,
      severity: parsed.data.severity,
      ruleId: parsed.data.rule,
      subject: parsed.data.subject,
      summary: parsed.data.summary,
    });
  }
  return out;
}
