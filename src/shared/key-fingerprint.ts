import { createHash } from 'node:crypto';

/** OpenSSH's fingerprint of a key blob: `SHA256:` and unpadded base64 (`ssh-keygen -l`). */
export function keyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
