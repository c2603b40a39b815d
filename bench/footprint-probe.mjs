// Preloaded into the measured jobdeck process by bench/footprint.ts (`node --import`):
// every 500 ms (and at exit) it writes the V8 heap in use and the npm packages loaded
// so far (import and require alike, through module.registerHooks) to $FOOTPRINT_OUT.
// Nothing of it is part of jobdeck.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import process from 'node:process';
import { setInterval } from 'node:timers';

const out = process.env.FOOTPRINT_OUT;
if (out !== undefined && out !== '') {
  const packages = new Set();
  registerHooks({
    resolve(specifier, context, next) {
      const result = next(specifier, context);
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(result.url ?? '');
      if (match !== null) packages.add(match[1]);
      return result;
    },
  });
  const dump = () => {
    const heapUsed = process.memoryUsage().heapUsed;
    writeFileSync(out, JSON.stringify({ heapUsed, packages: [...packages].sort() }));
  };
  setInterval(dump, 500).unref();
  process.on('exit', dump);
}
