// Which language the output is written in for each kind of project (src/output-language.ts), and one
// whole project shape end to end in the fast tier: a plain CommonJS JavaScript project (`npm init -y`,
// no TypeScript) gets CommonJS JavaScript with .d.ts files that `require()` loads, validates with and
// sends through, against a real local server. The other shapes (TypeScript ESM nodenext and bundler,
// CommonJS TypeScript classic and `tsc --init`'s, JavaScript ESM, esbuild bundles, lib ES2019) are
// built and run in test/project-shapes.slow.test.ts.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputLanguage } from '../src/index.js';
import { closeServersAfterEach, startServer } from './support/client-helpers.js';
import { runCli } from './support/spawn.js';
import { appSource, expectDelivered, generatedFile, generateIn, IMPORTS, makeProject, removeProjects, runIn } from './support/project-shapes.js';

closeServersAfterEach();
afterAll(removeProjects);

const TSC_INIT = `{
  // Visit https://aka.ms/tsconfig to read more about this file
  "compilerOptions": {
    "module": "nodenext",
    "target": "esnext",
    /* Other Outputs */
    "verbatimModuleSyntax": true,
    "strict": true,
  }
}
`;

describe('outputLanguage', () => {
  const language = (files: Record<string, string>, target?: 'ts' | 'js'): ReturnType<typeof outputLanguage> => {
    const dir = makeProject(files);
    return outputLanguage(dir, join(dir, 'generated'), target);
  };

  it.each([
    { name: 'no package.json, no tsconfig.json: TypeScript', files: {}, expected: {} },
    { name: 'a tsconfig.json of an ES module project', files: { 'package.json': '{"type":"module"}', 'tsconfig.json': '{"compilerOptions":{"module":"nodenext","verbatimModuleSyntax":true}}' }, expected: {} },
    { name: 'classic CommonJS TypeScript (module commonjs, no verbatimModuleSyntax)', files: { 'package.json': '{}', 'tsconfig.json': '{"compilerOptions":{"module":"commonjs"}}' }, expected: {} },
    { name: 'a bundler project', files: { 'package.json': '{}', 'tsconfig.json': '{"compilerOptions":{"module":"esnext","moduleResolution":"bundler","verbatimModuleSyntax":true}}' }, expected: {} },
  ])('$name', ({ files, expected }) => {
    expect(language(files)).toEqual(expected);
  });

  it('npm init -y && npx tsc --init (comments, trailing commas): CommonJS JavaScript, with the reason', () => {
    const chosen = language({ 'package.json': '{"type":"commonjs"}', 'tsconfig.json': TSC_INIT });
    expect(chosen.javascript).toBe('cjs');
    expect(chosen.reason).toContain('verbatimModuleSyntax in a CommonJS project');
  });

  it('follows `extends` (a path without .json, a package, an array; its own options win) to the options that decide', () => {
    const base = '{"compilerOptions":{"module":"nodenext","verbatimModuleSyntax":true}}';
    const cjs = { javascript: 'cjs', reason: expect.stringContaining('verbatimModuleSyntax in a CommonJS project') };
    expect(language({ 'package.json': '{}', 'tsconfig.base.json': base, 'tsconfig.json': '{ "extends": "./tsconfig.base" }' })).toEqual(cjs);
    expect(language({ 'package.json': '{}', 'node_modules/@tsconfig/node20/tsconfig.json': base, 'tsconfig.json': '{ "extends": "@tsconfig/node20/tsconfig.json" }' })).toEqual(cjs);
    expect(language({ 'package.json': '{}', 'node_modules/@tsconfig/strictest/tsconfig.json': '{"compilerOptions":{"strict":true}}', 'configs/module.json': base, 'tsconfig.json': '{ "extends": ["@tsconfig/strictest", "./configs/module.json"] }' })).toEqual(cjs);
    // Its own options override the base's; a cycle or a missing base is no error here (tsc reports those).
    expect(language({ 'package.json': '{}', 'tsconfig.base.json': base, 'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "verbatimModuleSyntax": false } }' })).toEqual({});
    expect(language({ 'package.json': '{}', 'a.json': '{ "extends": "./tsconfig.json" }', 'tsconfig.json': '{ "extends": "./a.json", "compilerOptions": { "module": "commonjs" } }' })).toEqual({});
    expect(language({ 'package.json': '{}', 'tsconfig.json': '{ "extends": "@tsconfig/missing" }' })).toEqual({});
  });

  it('a JavaScript project: its package type decides the module format', () => {
    expect(language({ 'package.json': '{"name":"app"}' })).toMatchObject({ javascript: 'cjs' });
    expect(language({ 'package.json': '{"type":"module"}' })).toMatchObject({ javascript: 'esm' });
  });

  it('an explicit target wins, in the output directory’s package format', () => {
    expect(language({ 'package.json': '{"type":"module"}', 'tsconfig.json': TSC_INIT }, 'js')).toEqual({ javascript: 'esm' });
    expect(language({ 'package.json': '{}' }, 'ts')).toEqual({});
  });
});

describe('a plain CommonJS JavaScript project', { timeout: 180_000 }, () => {
  it('gets CommonJS JavaScript with .d.ts files, which it requires, validates with and sends through', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status: 503 });
    const dir = makeProject({ 'package.json': JSON.stringify({ name: 'app', version: '1.0.0', type: 'commonjs' }) });
    writeFileSync(join(dir, 'app.js'), appSource(IMPORTS.commonjs, server.url));
    const run = await generateIn(dir);
    expect(run.stdout).toContain('package.json and no tsconfig.json: JavaScript (CommonJS) with .d.ts files');
    expect(existsSync(join(dir, 'generated', 'client.ts'))).toBe(false);
    expect(generatedFile(dir, 'client.js')).toMatch(/^\/\/ Generated by flokit-gen .*\n"use strict";\n/);
    expect(generatedFile(dir, 'client.d.ts')).toMatch(/^\/\/ Generated by flokit-gen .*\n[^]*export declare function createFloKitClient\(options: FloKitClientOptions\): FloKitClient;/);
    expectDelivered(await runIn(dir, process.execPath, ['app.js']), server);
    // check agrees; asked for TypeScript instead, the manifest's fast path does not call it fresh.
    expect(await runCli(['check'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'generated/ is up to date with taxonomy.\n' });
    const asTypeScript = await runCli(['check', '--target', 'ts'], { cwd: dir });
    expect(asTypeScript.code).toBe(1);
    expect(asTypeScript.stderr).toContain('missing: generated/client.ts');
    expect(asTypeScript.stderr).toContain('extra:   generated/client.js');
  });
});
