/**
 * Pure: a structured log line (QFieldCloud's JSON formatter writes `{"ts":…,"level":…,
 * "message":…}`) → its message and level; null when the line is not such an object.
 * A multi-line message ("Finished execution with code 1, logs:\n…") is joined with ⏎.
 */
export function jsonLogMessage(line: string): { message: string; level: string | null } | null {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Readonly<Record<string, unknown>>;
  const message = [record.message, record.msg].find((m) => typeof m === 'string');
  if (typeof message !== 'string') return null;
  const level = [record.level, record.levelname, record.severity].find(
    (l) => typeof l === 'string',
  );
  return {
    message: message
      .split('\n')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .join(' ⏎ '),
    level: typeof level === 'string' ? level : null,
  };
}
