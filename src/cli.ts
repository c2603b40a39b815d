#!/usr/bin/env node
// Checked before anything else is loaded: on an older Node the imports themselves fail
// (node:sqlite, Ink 8) with a stack trace instead of a sentence.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `jobdeck: needs Node.js 22 or newer, this is ${process.versions.node}; install a current Node.js (e.g. from nodejs.org or your distribution's backports)\n`,
  );
  process.exit(2);
}
// React (under Ink) picks its build when first loaded: without this it is the development
// build, which checks and records every render and costs about twice the CPU per frame.
// An explicit NODE_ENV (a developer's `development`, Vitest's `test`) is kept.
process.env.NODE_ENV ??= 'production';
const { runCli } = await import('./cli/program.js');
process.exitCode = await runCli(process.argv.slice(2));
