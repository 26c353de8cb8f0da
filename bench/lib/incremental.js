// Incremental regeneration in process, through the public API in dist/ (fresh process):
//   node bench/lib/incremental.js <before.yaml> <after.yaml> <out dir>
// `after` differs from `before` in one event's description. Prints JSON timings (ms).
const [beforePath, afterPath, outDir] = process.argv.slice(2);
const { generate, loadTaxonomy, writeFiles } = await import(new URL('../../dist/src/index.js', import.meta.url));

const time = async (fn) => {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
};
const load = (path) => {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  if (taxonomy === undefined) throw new Error(`${path}: ${diagnostics.length} diagnostics`);
  return taxonomy;
};

const [loadBeforeMs, before] = await time(() => load(beforePath));
const [coldGenerateMs, filesBefore] = await time(() => generate(before));
writeFiles(outDir, filesBefore);
const [warmRegenerateSameMs] = await time(() => generate(before));
const [loadAfterMs, after] = await time(() => load(afterPath));
const [warmGenerateAfterMs, filesAfter] = await time(() => generate(after));
const [writeAfterMs, report] = await time(() => writeFiles(outDir, filesAfter));

// With the artefact cache the API offers (generate(taxonomy, { cache })): prime it, then the change.
const cache = new Map();
const [cachePrimeMs] = await time(() => generate(before, { cache }));
const cacheSupported = cache.size > 0;
const [cachedGenerateAfterMs, filesCached] = await time(() => generate(after, { cache }));
const same = filesCached.length === filesAfter.length && filesCached.every((f, i) => f.path === filesAfter[i].path && f.contents === filesAfter[i].contents);

process.stdout.write(
  JSON.stringify({
    events: after.events.length,
    loadBeforeMs,
    coldGenerateMs,
    warmRegenerateSameMs,
    loadAfterMs,
    warmGenerateAfterMs,
    writeAfterMs,
    filesWritten: report.written.length,
    cacheSupported,
    cachePrimeMs,
    cachedGenerateAfterMs,
    cachedOutputIdentical: same,
  }) + '\n',
);
