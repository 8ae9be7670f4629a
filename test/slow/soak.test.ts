/**
 * Soak: 64 clients call the generated server's `greet` tool for 60 seconds over loopback. Every
 * call must succeed, and the server's resident memory must stay flat once warm.
 */

import { strict as assert } from 'node:assert';
import { join } from 'node:path';

import { cargo, CARGO_TARGET_DIR, freePort, runCli, startServer, temporaryDirectory, type ServerProcess } from '../support/helpers.js';
import { residentBytes, serverPid, startLoad } from '../support/load.js';

const CLIENTS = 64;
const DURATION_MS = 60_000;
/** Upper bound of the run's requests, far above what this load reaches in 60 s. */
const MAX_REQUESTS = 5_000_000;
/** Samples of the first seconds are left out: allocator arenas and connection buffers grow then. */
const WARM_UP_MS = 10_000;
/** Largest growth allowed between the first and the last 10 s of warm samples. */
const MAX_GROWTH_BYTES = 2 * 2 ** 20;

describe('generated server soak', function () {
  let binary: string;
  let server: ServerProcess | undefined;

  before(function () {
    const project = join(temporaryDirectory('soak'), 'soak-server');
    const result = runCli([project, '--yes', '--no-install']);
    assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);
    cargo(['build'], project);
    binary = join(CARGO_TARGET_DIR, 'debug', 'soak-server');
  });

  after(function () {
    server?.kill();
  });

  it(`serves ${CLIENTS} clients for 60 s without errors at flat memory`, async function () {
    const port = await freePort();
    server = await startServer(binary, { BIND_ADDRESS: `127.0.0.1:${port}` }, port);
    const pid = serverPid(binary, port);

    const started = performance.now();
    const samples: Array<{ at: number; bytes: number }> = [];
    const sampler = setInterval(() => samples.push({ at: performance.now() - started, bytes: residentBytes(pid) }), 1000);
    const result = await startLoad({ port, clients: CLIENTS, durationMs: DURATION_MS, maxRequests: MAX_REQUESTS }).result;
    clearInterval(sampler);

    const warm = samples.filter((sample) => sample.at >= WARM_UP_MS);
    const first = warm.filter((sample) => sample.at < WARM_UP_MS + 10_000).map((sample) => sample.bytes);
    const last = warm.filter((sample) => sample.at >= DURATION_MS - 10_000).map((sample) => sample.bytes);
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    const summary = `${result.ok} calls in ${(result.elapsedMs / 1000).toFixed(1)} s; RSS ${samples.map((sample) => mib(sample.bytes)).join(', ')}`;
    console.log(`      ${summary}`);

    assert.deepEqual(result.failures.slice(0, 5), [], `${result.failures.length} calls failed`);
    assert.deepEqual([...result.statuses.keys()], [200]);
    assert.ok(result.ok >= 10_000, `only ${result.ok} calls in 60 s`);
    assert.ok(first.length >= 5, `too few memory samples early in the run: ${first.length}`);
    assert.ok(last.length >= 5, `too few memory samples late in the run: ${last.length}`);
    const growth = Math.max(...last) - Math.max(...first);
    assert.ok(growth <= MAX_GROWTH_BYTES, `RSS grew by ${mib(growth)} between the first and the last 10 s of warm samples; ${summary}`);
    assert.doesNotMatch(server.logs(), /panicked|"severity":"ERROR"/);
  });
});
