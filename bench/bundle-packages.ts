/**
 * Which npm packages a jobdeck process loaded, when its code is dist/'s bundle: a loaded
 * chunk stands for the packages the bundle's metafile (dist/meta.json, written by
 * scripts/build.mjs) puts in it. Used with bench/footprint-probe.mjs by
 * bench/footprint.ts and test/integration/bundle-loads.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The npm package (`name` or `@scope/name`) a path or URL under node_modules/ is in. */
export function npmPackageOf(path: string): string | null {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? null;
}

/** dist/'s chunk file names → the npm packages inside each; empty before a build. */
export function chunkPackages(dist: string): ReadonlyMap<string, readonly string[]> {
  const byChunk = new Map<string, readonly string[]>();
  const metaFile = join(dist, 'meta.json');
  if (!existsSync(metaFile)) return byChunk;
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  for (const [output, { inputs }] of Object.entries(meta.outputs)) {
    const names = new Set(Object.keys(inputs).flatMap((input) => npmPackageOf(input) ?? []));
    byChunk.set(basename(output), [...names]);
  }
  return byChunk;
}

/**
 * The packages behind the file URLs a process loaded, sorted: dist/'s chunks by
 * `byChunk`, any other file by its node_modules path (the bundle's externals).
 */
export function loadedPackages(
  files: readonly string[],
  dist: string,
  byChunk: ReadonlyMap<string, readonly string[]>,
): string[] {
  const distUrl = pathToFileURL(dist).href;
  const names = new Set<string>();
  for (const url of files) {
    const inDist = url.startsWith(`${distUrl}/`) ? byChunk.get(basename(url)) : undefined;
    for (const name of inDist ?? []) names.add(name);
    const outside = npmPackageOf(url);
    if (outside !== null) names.add(outside);
  }
  return [...names].sort();
}
