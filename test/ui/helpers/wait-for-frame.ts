import { stripVTControlCharacters } from 'node:util';

/** The last frame without colours and styles. */
export function plain(frame: string | undefined): string {
  return stripVTControlCharacters(frame ?? '');
}

/**
 * Waits until the last frame (stripped) satisfies `ok`: frames update only after a
 * yield, so every key in a test is followed by one of these (STYLE.md habit 12).
 */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  ok: (text: string) => boolean,
  timeoutMs = 2000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = plain(lastFrame());
    if (ok(text)) return text;
    if (Date.now() > deadline) {
      throw new Error(`no frame matched within ${timeoutMs} ms; last frame:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets Ink and React process what is queued, for asserting that nothing changed. */
export async function settle(ms = 60): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
