// Preloaded into the real binary by test/integration/bundle-loads.test.ts (`node
// --import`): at exit it writes to $LOAD_PROBE_OUT the files the process loaded (dist/'s
// chunks, through module.registerHooks) and Node's own modules (process.moduleLoadList).
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import process from 'node:process';

const out = process.env.LOAD_PROBE_OUT;
if (out !== undefined && out !== '') {
  const files = new Set();
  registerHooks({
    resolve(specifier, context, next) {
      const result = next(specifier, context);
      if (result.url?.startsWith('file:')) files.add(result.url);
      return result;
    },
  });
  process.on('exit', () => {
    writeFileSync(out, JSON.stringify({ files: [...files], builtins: process.moduleLoadList }));
  });
}
