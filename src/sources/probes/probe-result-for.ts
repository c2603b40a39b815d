import { redactSecrets } from '../../shared/redact.js';
import type { ProbeResult } from './probe-result.js';

/**
 * The result builder every probe uses: `ok` follows the level, and the detail is
 * redacted (by `redact`, default the shared secret redaction) before it leaves.
 */
export function probeResultFor(
  name: string,
  kind: ProbeResult['kind'],
  redact: (detail: string) => string = redactSecrets,
): (level: ProbeResult['level'], latencyMs: number | null, detail: string) => ProbeResult {
  return (level, latencyMs, detail) => ({
    name,
    kind,
    ok: level === 'ok',
    level,
    latencyMs,
    detail: redact(detail),
  });
}
