import type { ContainerSummary } from './docker-api-schemas.js';

/**
 * Pure: published ports as `docker ps` shows them (`0.0.0.0:8011->8000/tcp`), sorted and
 * without duplicates; ports that are only exposed (no host port) are left out.
 */
export function formatPorts(ports: ContainerSummary['Ports']): string[] {
  const out = new Set<string>();
  for (const p of ports) {
    if (p.PublicPort === undefined || p.PublicPort === 0) continue;
    const ip = p.IP === undefined || p.IP === '' ? '0.0.0.0' : p.IP;
    const host = ip.includes(':') ? `[${ip}]` : ip;
    out.add(`${host}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`);
  }
  return [...out].sort();
}
