import { trailingNumber } from '../processes/trailing-number.js';

export interface UnitNaming {
  /** The unit without `.service`: `frappe-bench-frappe-short-worker@1`. */
  readonly name: string;
  /** The template for an instance (`frappe-bench-frappe-short-worker`), else the name. */
  readonly service: string;
  readonly number: number | null;
}

/**
 * Pure: how an operator calls a unit. An instance of a template (`foo@2.service`) is
 * replica 2 of service `foo`: `bench setup systemd` makes one `…-worker@N` per worker.
 * A non-numeric instance (`foo@site1`) or a plain unit numbers by its trailing digits.
 */
export function nameUnit(id: string): UnitNaming {
  const name = id.replace(/\.service$/, '');
  const at = name.indexOf('@');
  if (at <= 0) return { name, service: name, number: trailingNumber(name) };
  const instance = name.slice(at + 1);
  const number = /^\d+$/.test(instance) ? Number(instance) : trailingNumber(name);
  return {
    name,
    service: name.slice(0, at),
    number: number !== null && Number.isSafeInteger(number) ? number : null,
  };
}
