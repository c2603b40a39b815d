#!/usr/bin/env node
import { nodeFlagsFor } from './cli/node-flags.js';

// Checked before anything else is loaded: on an older Node the imports themselves fail
// (node:sqlite, Ink 8) with a stack trace instead of a sentence.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `jobdeck: needs Node.js 22 or newer, this is ${process.versions.node}; install a current Node.js (e.g. from nodejs.org or your distribution's backports)\n`,
  );
  process.exit(2);
}
// V8 reads its heap and compiler settings only at start-up, so the CLI starts itself once
// more with flags that trade a little speed for memory, chosen by the command
// (src/cli/node-flags.ts). `process.execve` replaces this process (same pid, same
// terminal), before anything else has been loaded; without it (Windows, older Node)
// jobdeck just runs as it is. JOBDECK_NO_REEXEC=1 turns it off.
if (
  typeof process.execve === 'function' &&
  process.env.JOBDECK_NO_REEXEC === undefined &&
  !process.execArgv.some((flag) => flag.startsWith('--max-semi-space-size'))
) {
  process.execve(
    process.execPath,
    [
      process.execPath,
      ...nodeFlagsFor(process.argv.slice(2)),
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    process.env,
  );
}
// React (under Ink) picks its build when first loaded: without this it is the development
// build, which checks and records every render and costs about twice the CPU per frame.
// An explicit NODE_ENV (a developer's `development`, Vitest's `test`) is kept.
process.env.NODE_ENV ??= 'production';
// Node warns about deprecated calls (`url.parse()` in docker-modem…) only when they come
// from outside node_modules; bundled into dist/ (scripts/build.mjs), our dependencies'
// calls look like our own, and the warning would be printed over the dashboard. None of
// them is something an operator can act on.
process.noDeprecation = true;
const { runCli } = await import('./cli/program.js');
process.exitCode = await runCli(process.argv.slice(2));
