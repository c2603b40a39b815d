import { createInterface } from 'node:readline/promises';

/** Asks one question on the terminal; resolves to the trimmed answer. */
export async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}
