// Preloaded into the measured jobdeck process by bench/footprint.ts (`node --import`):
// every 500 ms (and at exit) it writes to $FOOTPRINT_OUT the V8 heap in use, the files
// loaded so far (import and require alike, through module.registerHooks: dist/'s bundle
// chunks and any package outside the bundle) and Node's own modules loaded
// (process.moduleLoadList, as it names them). test/integration/bundle-loads.test.ts
// uses it too. Nothing of it is part of jobdeck.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import process from 'node:process';
import { setInterval } from 'node:timers';

const out = process.env.FOOTPRINT_OUT;
if (out !== undefined && out !== '') {
  const files = new Set();
  registerHooks({
    resolve(specifier, context, next) {
      const result = next(specifier, context);
      if (result.url?.startsWith('file:')) files.add(result.url);
      return result;
    },
  });
  const dump = () => {
    const heapUsed = process.memoryUsage().heapUsed;
    writeFileSync(
      out,
      JSON.stringify({ heapUsed, files: [...files], builtins: process.moduleLoadList }),
    );
  };
  setInterval(dump, 500).unref();
  process.on('exit', dump);
}
