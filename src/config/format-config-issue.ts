import type { z } from 'zod';
import { redactSecrets } from '../shared/redact.js';

const SECRET_PATH = /(password|secret|token|url|key)/i;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.stringify returns undefined for functions and symbols, which YAML never yields.
  const text = (JSON.stringify(value) as string | undefined) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * One line per zod issue: `<file>: <path>: got <value>, <what is expected>`. Values under
 * secret-looking keys are never shown.
 */
export function formatConfigIssue(source: string, input: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.') || '(top level)';
  const raw = valueAt(input, issue.path);
  const secret = issue.path.some((key) => SECRET_PATH.test(String(key)));
  const got = secret && raw !== undefined ? '(redacted)' : show(raw);
  let expected = issue.message;
  if (issue.code === 'unrecognized_keys') {
    expected = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}; check the spelling against the README's configuration reference`;
    return redactSecrets(`${source}: ${path}: ${expected}`);
  }
  if (issue.code === 'invalid_value') {
    expected = `expected one of ${issue.values.map(String).join(', ')}`;
  } else if (issue.code === 'invalid_type') {
    expected = `expected ${issue.expected}`;
  } else if (issue.code === 'invalid_union' && 'note' in issue) {
    expected = 'expected kind to be one of http, tcp, memcached';
  }
  return redactSecrets(`${source}: ${path}: got ${got}, ${expected}`);
}
