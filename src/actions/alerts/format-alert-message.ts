import type { AlertEvent } from './alert-event.js';
import { formatAlertLine } from './format-alert-line.js';

/**
 * A subject and a plain-text body for one batch (e-mail; the webhook's `text`). One
 * notice: its own line is the subject. Several: a count, worst first.
 */
export function formatAlertMessage(
  events: readonly AlertEvent[],
  prefix: string,
): { subject: string; text: string } {
  const lines = events.map(formatAlertLine);
  const first = events[0];
  const lead = prefix === '' ? '' : `${prefix} `;
  if (events.length === 1 && first !== undefined && lines[0] !== undefined) {
    return { subject: `${lead}${lines[0]}`, text: `${lines[0]}\n` };
  }
  const firing = events.filter((e) => e.kind === 'firing');
  const critical = firing.filter((e) => e.severity === 'critical').length;
  const resolved = events.filter((e) => e.kind === 'resolved').length;
  const parts: string[] = [];
  if (critical > 0) parts.push(`${critical} critical`);
  if (firing.length - critical > 0) parts.push(`${firing.length - critical} warning`);
  if (resolved > 0) parts.push(`${resolved} resolved`);
  const tests = events.length - firing.length - resolved;
  if (tests > 0) parts.push(`${tests} test`);
  const target = first === undefined ? '' : ` [target ${first.target}]`;
  return { subject: `${lead}${parts.join(', ')}${target}`, text: `${lines.join('\n')}\n` };
}
