// CSI (colours, cursor moves), OSC (titles, links) and two-byte escapes.
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// Remaining C0/C1 controls (a log line must not move our cursor), except tab.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Pure: one raw log line → text safe to print in a table cell. A carriage return inside
 * a line is a progress bar redrawing itself: only what was drawn last is kept.
 */
export function cleanLogText(line: string): string {
  const redraws = line.split('\r').filter((part) => part.trim() !== '');
  const last = redraws.length === 0 ? '' : (redraws[redraws.length - 1] ?? '');
  return last.replace(ANSI, '').replace(CONTROL, '').replace(/\t/g, ' ').trim();
}
