import type { Readable } from 'node:stream';

/**
 * Reads a response body, keeping at most `maxBytes` from its END (a log tail is read for
 * its last line; a runaway 16 KiB-per-line logger must not cost us megabytes).
 */
export async function readBody(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    size += buffer.length;
    while (size - (chunks[0]?.length ?? 0) >= maxBytes && chunks.length > 1) {
      size -= chunks.shift()?.length ?? 0;
    }
  }
  return Buffer.concat(chunks, size);
}
