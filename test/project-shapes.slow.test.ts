// Every project shape the README lists, built from scratch and run (slow tier: each runs the
// TypeScript compiler or esbuild on a whole project): the project's package.json and tsconfig.json,
// `flokit-gen generate` choosing the output's language by itself, the user's app compiled as that
// project compiles, then run by Node against a real local FloKit-compatible server (the first
// attempt fails; the retry carries the same derived Idempotency-Key); and the same app on Deno and
// Bun. The fast tier builds the plain CommonJS JavaScript project (test/project-shapes.test.ts).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { closeServersAfterEach, startServer } from './support/client-helpers.js';
import { appSource, expectDelivered, generateIn, IMPORTS, makeProject, removeProjects, runIn, TSC } from './support/project-shapes.js';
import { ROOT } from './support/spawn.js';

const DENO = join(ROOT, 'node_modules', '.bin', 'deno');
const BUN = join(ROOT, 'node_modules', '.bin', 'bun');

closeServersAfterEach();
afterAll(removeProjects);

const tsconfig = (compilerOptions: Record<string, unknown>): string => `${JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: true, types: [], ...compilerOptions } }, null, 2)}\n`;

async function serverFailingOnce(): Promise<Awaited<ReturnType<typeof startServer>>> {
  const server = await startServer();
  server.enqueueFaults({ kind: 'status', status: 503 });
  return server;
}

describe('project shapes', { timeout: 300_000 }, () => {
  it('ESM TypeScript, module nodenext: TypeScript output, compiled by tsc, run by Node', async () => {
    const server = await serverFailingOnce();
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'app', type: 'module' }),
      'tsconfig.json': tsconfig({ module: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], verbatimModuleSyntax: true }),
    });
    writeFileSync(join(dir, 'app.ts'), appSource(IMPORTS.esm, server.url));
    await generateIn(dir);
    expect(existsSync(join(dir, 'generated', 'client.ts'))).toBe(true);
    await runIn(dir, process.execPath, [TSC, '-p', '.']);
    expectDelivered(await runIn(dir, process.execPath, ['app.js']), server);
  });

  it('TypeScript with a bundler (moduleResolution bundler): type-checked by tsc, bundled for the browser by esbuild', async () => {
    const server = await serverFailingOnce();
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'app', type: 'module' }),
      'tsconfig.json': tsconfig({ module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], noEmit: true, verbatimModuleSyntax: true }),
    });
    writeFileSync(join(dir, 'app.ts'), appSource(IMPORTS.esm, server.url));
    await generateIn(dir);
    await runIn(dir, process.execPath, [TSC, '-p', '.']);
    await build({ entryPoints: [join(dir, 'app.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2020', outfile: join(dir, 'bundle.mjs'), logLevel: 'silent' });
    expectDelivered(await runIn(dir, process.execPath, ['bundle.mjs']), server);
  });

  it('classic CommonJS TypeScript (module commonjs, as NestJS sets up), on lib ES2019: TypeScript output compiled to CommonJS', async () => {
    const server = await serverFailingOnce();
    const dir = makeProject({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0' }),
      'tsconfig.json': tsconfig({ module: 'commonjs', target: 'es2019', lib: ['es2019', 'dom'], esModuleInterop: true }),
    });
    writeFileSync(join(dir, 'app.ts'), appSource(IMPORTS.esm, server.url));
    await generateIn(dir);
    expect(existsSync(join(dir, 'generated', 'client.ts'))).toBe(true);
    await runIn(dir, process.execPath, [TSC, '-p', '.']);
    expectDelivered(await runIn(dir, process.execPath, ['app.js']), server);
  });

  it('npm init -y && npx tsc --init (CommonJS, verbatimModuleSyntax): CommonJS JavaScript with .d.ts, used with import = require()', async () => {
    const server = await serverFailingOnce();
    const dir = makeProject({});
    await runIn(dir, 'npm', ['init', '-y']);
    await runIn(dir, process.execPath, [TSC, '--init']);
    writeFileSync(join(dir, 'app.ts'), appSource(IMPORTS.typescriptRequire, server.url));
    const run = await generateIn(dir);
    expect(run.stdout).toContain('tsconfig.json sets verbatimModuleSyntax in a CommonJS project');
    expect(existsSync(join(dir, 'generated', 'client.d.ts'))).toBe(true);
    await runIn(dir, process.execPath, [TSC, '-p', '.']);
    expectDelivered(await runIn(dir, process.execPath, ['app.js']), server);
  });

  it('plain JavaScript, ES modules ("type": "module"): ES module JavaScript with .d.ts, imported by Node', async () => {
    const server = await serverFailingOnce();
    const dir = makeProject({ 'package.json': JSON.stringify({ name: 'app', type: 'module' }) });
    writeFileSync(join(dir, 'app.js'), appSource(IMPORTS.esm, server.url));
    const run = await generateIn(dir);
    expect(run.stdout).toContain('JavaScript (ES modules) with .d.ts files');
    expectDelivered(await runIn(dir, process.execPath, ['app.js']), server);
  });

  it('Deno (the npm package): ES module JavaScript output, run with --allow-net only', async () => {
    const server = await serverFailingOnce();
    const dir = makeProject({ 'package.json': JSON.stringify({ name: 'app', type: 'module' }) });
    writeFileSync(join(dir, 'app.js'), appSource(IMPORTS.esm, server.url));
    await generateIn(dir);
    expectDelivered(await runIn(dir, DENO, ['run', '--no-config', '--allow-net=127.0.0.1', 'app.js']), server);
  });

  it('Bun (the npm package): runs the TypeScript output and the app as TypeScript, no build step', async () => {
    const server = await serverFailingOnce();
    const dir = makeProject({ 'package.json': JSON.stringify({ name: 'app', type: 'module' }) });
    writeFileSync(join(dir, 'app.ts'), appSource(IMPORTS.esm, server.url));
    await generateIn(dir, ['--target', 'ts']);
    expectDelivered(await runIn(dir, BUN, ['app.ts']), server);
  });

  it('plain JavaScript bundled by esbuild for an edge runtime (platform neutral)', async () => {
    const server = await serverFailingOnce();
    const dir = makeProject({ 'package.json': JSON.stringify({ name: 'worker', type: 'module' }) });
    writeFileSync(join(dir, 'app.js'), appSource(IMPORTS.esm, server.url));
    await generateIn(dir);
    await build({ entryPoints: [join(dir, 'app.js')], bundle: true, format: 'esm', platform: 'neutral', outfile: join(dir, 'worker.mjs'), logLevel: 'silent' });
    expectDelivered(await runIn(dir, process.execPath, ['worker.mjs']), server);
  });
});
