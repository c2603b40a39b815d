import { formatAge } from '../../shared/format-age.js';
import type { AlertEvent } from './alert-event.js';

/**
 * One human line per notice, the same in the console, the webhook text and the e-mail
 * body: `CRITICAL worker-not-running worker_wrapper-1: worker … is exited [target prod]`.
 */
export function formatAlertLine(event: AlertEvent): string {
  const duration = formatAge((event.at - event.since) / 1000);
  let head: string;
  switch (event.kind) {
    case 'firing':
      head = event.repeat
        ? `${event.severity.toUpperCase()} (still firing after ${duration})`
        : event.severity.toUpperCase();
      break;
    case 'resolved':
      head = `RESOLVED (after ${duration})`;
      break;
    case 'test':
      head = 'TEST';
      break;
  }
  return `${head} ${event.ruleId} ${event.subject}: ${event.summary} [target ${event.target}]`;
}
