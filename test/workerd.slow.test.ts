// The generated client on workerd, Cloudflare Workers' runtime (its npm package; slow tier): a
// Worker module, the generated ES module JavaScript bundled by esbuild for a neutral platform, that
// answers a request by validating a good and a bad event and sending one to a real local
// FloKit-compatible server (the first attempt fails; the retry carries the same derived
// Idempotency-Key). workerd is configured to let the Worker reach 127.0.0.1 only for this test.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { closeServersAfterEach, startServer } from './support/client-helpers.js';
import { appSource, expectDelivered, generateIn, IMPORTS, makeProject, removeProjects } from './support/project-shapes.js';
import { ROOT } from './support/spawn.js';

closeServersAfterEach();
afterAll(removeProjects);

const WORKERD = join(ROOT, 'node_modules', '.bin', 'workerd');

/** A port nobody listens on (asked of the OS, then released for workerd). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function config(port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2024-09-23",
);
`;
}

describe('workerd', { timeout: 180_000 }, () => {
  it('runs a Worker that validates and sends with the generated client', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status: 503 });
    const dir = makeProject({ 'package.json': JSON.stringify({ name: 'worker', type: 'module' }) });
    writeFileSync(join(dir, 'app.js'), appSource(IMPORTS.esm, server.url, 'test_key', 'worker'));
    await generateIn(dir);
    await build({ entryPoints: [join(dir, 'app.js')], bundle: true, format: 'esm', platform: 'neutral', outfile: join(dir, 'worker.js'), logLevel: 'silent' });
    const port = await freePort();
    writeFileSync(join(dir, 'config.capnp'), config(port));
    // Its own process group: the npm launcher and the runtime it starts are stopped together.
    const child = spawn(WORKERD, ['serve', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      let text: string | undefined;
      for (let tries = 0; text === undefined && tries < 240 && child.exitCode === null; tries++) {
        try {
          text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      expect(text, `workerd did not answer: ${stderr}`).toBeDefined();
      expectDelivered({ code: 0, signal: null, stdout: text ?? '', stderr: '' }, server);
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }
  });
});
