/**
 * The generated no-database server, built with its `release` and `release-optimized` profiles,
 * against peers serving the same `greet` tool over stateless Streamable HTTP with JSON responses:
 * rmcp in its fewest lines, the official TypeScript SDK, and Python FastMCP. Measures cold start,
 * idle RSS, RSS under load, size, and `tools/call` throughput with p50 and p99 latency at 1, 16 and
 * 64 concurrent clients. Writes the chart to docs/peers-benchmark.svg.
 *
 * The load generator is wrk with scripts/bench/peers/tools-call.lua: a C program that sends each
 * request with a few microseconds of its own CPU, so on a 2-core machine it leaves the server's core
 * alone, which a Node.js generator could not. Each server is pinned to one core and wrk to the
 * other (taskset), so every peer gets the same CPU whatever its threading. Runs of the peers
 * alternate, so a change in machine load shows in all of them alike.
 *
 * Environment: BENCH_PEER_RUNS (default 3) runs per client count, BENCH_PEER_SECONDS (default 10)
 * per run, BENCH_PEER_START_RUNS (default 10) cold starts per server. With the defaults the load
 * runs take 3 × 3 × 5 × 10 s = 7.5 min; cold starts, builds and set-up add about 4 min when the
 * shared cargo target directory and the FastMCP environment already exist.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';

import { CARGO_TARGET_DIR, freePort, REPO_ROOT, runChecked, runCli, WORK_DIR } from '../../test/support/helpers.js';
import { formatBytes, formatMilliseconds, median, residentBytes } from './measure.js';
import { renderChart } from './peers/chart.js';

const RUNS = Number(process.env.BENCH_PEER_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_PEER_SECONDS ?? 10);
const START_RUNS = Number(process.env.BENCH_PEER_START_RUNS ?? 10);
const CLIENT_COUNTS = [1, 16, 64] as const;
/** Core of the servers during load runs, and core of wrk. */
const SERVER_CPU = '1';
const LOAD_CPU = '0';
const FASTMCP_VERSION = '4.1.6';

const PEERS_DIRECTORY = join(REPO_ROOT, 'scripts', 'bench', 'peers');
const WRK_SCRIPT = join(PEERS_DIRECTORY, 'tools-call.lua');
const CHART = join(REPO_ROOT, 'docs', 'peers-benchmark.svg');
const TOOLS_CALL = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'greet', arguments: { name: 'bench' } } });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };

/** A server under test and how to start it. */
interface Peer {
  readonly key: string;
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly sizeBytes: number;
  readonly sizeNote: string;
}

/** Medians of one peer at one client count. */
interface LoadNumbers {
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Errors of all runs together: refused or broken connections, timeouts and statuses of 400 or more. */
  readonly errors: number;
}

interface PeerResult {
  readonly peer: Peer;
  readonly coldStartMs: number;
  readonly idleRss: number;
  /** Highest RSS seen during the 64-client runs. */
  readonly loadRss: number;
  readonly load: ReadonlyMap<number, LoadNumbers>;
}

export async function run(): Promise<string> {
  requireTools();
  const peers = preparePeers();
  const versions = peerVersions(peers);

  const starts = new Map<string, { coldStartMs: number; idleRss: number }>();
  for (const peer of peers) {
    console.error(`  cold starts of ${peer.label}...`);
    starts.set(peer.key, await measureColdStarts(peer));
  }

  console.error(`  load: ${RUNS} runs × ${CLIENT_COUNTS.length} client counts × ${peers.length} servers × ${SECONDS} s...`);
  const load = await measureLoad(peers);

  const results: PeerResult[] = peers.map((peer) => ({
    peer,
    ...(starts.get(peer.key) as { coldStartMs: number; idleRss: number }),
    loadRss: load.rss.get(peer.key) ?? 0,
    load: load.numbers.get(peer.key) as Map<number, LoadNumbers>,
  }));
  writeFileSync(CHART, renderChart({ servers: peers, levels: CLIENT_COUNTS, value: (key, clients, metric) => chartValue(results, key, clients, metric) }));
  return report(results, versions);
}

function requireTools(): void {
  for (const [tool, install] of [['wrk', 'apt-get install wrk'], ['taskset', 'apt-get install util-linux'], ['python3', 'apt-get install python3 python3-venv']]) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      throw new Error(`${tool} not found; the peers benchmark needs it. Install it with: ${install}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The servers

function preparePeers(): Peer[] {
  const project = generateServer();
  const generated = buildGeneratedServer(project, 'release');
  const optimized = buildGeneratedServer(project, 'release-optimized');
  const minimal = buildRmcpMinimal();
  const python = fastmcpPython();
  const nodeModules = join(REPO_ROOT, 'node_modules');
  return [
    { key: 'generated', label: 'generated server', command: generated, args: [], sizeBytes: statSync(generated).size, sizeNote: 'release binary, stripped' },
    {
      key: 'optimized',
      label: 'generated, release-optimized',
      command: optimized,
      args: [],
      sizeBytes: statSync(optimized).size,
      sizeNote: 'release-optimized binary, stripped',
    },
    { key: 'rmcp', label: 'rmcp, minimal', command: minimal, args: [], sizeBytes: statSync(minimal).size, sizeNote: 'release binary, Cargo default profile, not stripped' },
    {
      key: 'typescript',
      label: 'TypeScript SDK',
      command: process.execPath,
      args: [join(PEERS_DIRECTORY, 'typescript-server.mjs')],
      sizeBytes: packageClosureBytes(nodeModules, '@modelcontextprotocol/sdk'),
      sizeNote: `the SDK and its npm dependencies, plus the ${formatBytes(statSync(process.execPath).size)} node binary`,
    },
    {
      key: 'fastmcp',
      label: 'FastMCP',
      command: python,
      args: [join(PEERS_DIRECTORY, 'fastmcp_server.py')],
      sizeBytes: directoryBytes(dirname(dirname(python))),
      sizeNote: 'virtual environment with fastmcp and its dependencies, plus the Python interpreter',
    },
  ];
}

/** Name of the generated server, and so of its binary. */
const GENERATED_NAME = 'peer-bench-server';

/** Generates the default server without a database afresh, from this checkout's templates. */
function generateServer(): string {
  const project = join(WORK_DIR, 'bench', 'peers', GENERATED_NAME);
  rmSync(project, { recursive: true, force: true });
  const created = runCli([project, '--yes', '--no-install', '--quiet', '--database', 'none'], REPO_ROOT);
  if (created.status !== 0) {
    throw new Error(`create-rust-mcp failed:\n${created.stderr}`);
  }
  return project;
}

/** Builds the generated server with a profile of its Cargo.toml and returns the binary. */
function buildGeneratedServer(project: string, profile: 'release' | 'release-optimized'): string {
  console.error(`  building the generated server (${profile} profile)...`);
  runChecked('cargo', ['build', '--profile', profile], project, { CARGO_TARGET_DIR });
  return join(CARGO_TARGET_DIR, profile, GENERATED_NAME);
}

function buildRmcpMinimal(): string {
  console.error('  building the minimal rmcp server...');
  runChecked('cargo', ['build', '--release'], join(PEERS_DIRECTORY, 'rmcp-minimal'), { CARGO_TARGET_DIR });
  return join(CARGO_TARGET_DIR, 'release', 'rmcp-minimal-peer');
}

/** Returns the Python of a virtual environment under .work/ with FastMCP installed, creating it when needed. */
function fastmcpPython(): string {
  const venv = join(WORK_DIR, 'bench', 'fastmcp-venv');
  const python = join(venv, 'bin', 'python');
  const installed = existsSync(python) && spawnSync(python, ['-c', `import fastmcp, sys; sys.exit(fastmcp.__version__ != "${FASTMCP_VERSION}")`]).status === 0;
  if (!installed) {
    console.error(`  installing fastmcp ${FASTMCP_VERSION} into ${venv}...`);
    rmSync(venv, { recursive: true, force: true });
    runChecked('python3', ['-m', 'venv', venv], REPO_ROOT);
    runChecked(join(venv, 'bin', 'pip'), ['install', '--quiet', `fastmcp==${FASTMCP_VERSION}`], REPO_ROOT);
  }
  return python;
}

function peerVersions(peers: readonly Peer[]): string {
  const python = peers.find((peer) => peer.key === 'fastmcp')?.command ?? 'python3';
  const sdk = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', 'sdk', 'package.json'), 'utf8')) as { version: string }).version;
  const pythonVersion = spawnSync(python, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const wrk = spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].split(' ').slice(0, 2).join(' ');
  const rmcp = /name = "rmcp"\nversion = "([^"]+)"/.exec(readFileSync(join(WORK_DIR, 'bench', 'peers', GENERATED_NAME, 'Cargo.lock'), 'utf8'))?.[1] ?? 'unknown';
  return `rmcp ${rmcp}, @modelcontextprotocol/sdk ${sdk} on Node.js ${process.version}, fastmcp ${FASTMCP_VERSION} on ${pythonVersion}, ${wrk}`;
}

/** Size of an npm package and every package it depends on, each counted once. */
function packageClosureBytes(nodeModules: string, name: string): number {
  const seen = new Set<string>();
  const queue = [join(nodeModules, name)];
  let total = 0;
  while (queue.length > 0) {
    const directory = queue.shift() as string;
    if (seen.has(directory) || !existsSync(directory)) {
      continue;
    }
    seen.add(directory);
    total += directoryBytes(directory, 'node_modules');
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      // npm puts a dependency next to its dependent when the hoisted version does not fit.
      const nested = join(directory, 'node_modules', dependency);
      queue.push(existsSync(nested) ? nested : join(nodeModules, dependency));
    }
  }
  return total;
}

/** Bytes of the files under `directory`, not following symbolic links and skipping folders named `skip`. */
function directoryBytes(directory: string, skip?: string): number {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== skip) {
      total += directoryBytes(path, skip);
    } else if (entry.isFile()) {
      total += lstatSync(path).size;
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Cold start and idle memory

function serverEnvironment(port: number): NodeJS.ProcessEnv {
  // The generated server reads BIND_ADDRESS; the peers read PORT and bind 127.0.0.1 themselves.
  return { BIND_ADDRESS: `127.0.0.1:${port}`, PORT: String(port) };
}

/** Median cold start (process start to the first tools/list response) and idle RSS 1 s later. */
async function measureColdStarts(peer: Peer): Promise<{ coldStartMs: number; idleRss: number }> {
  // One start first, unmeasured, so every peer's files are in the page cache.
  await stop((await startServer(peer.command, peer.args, await freePort())).child);
  const starts: number[] = [];
  const idle: number[] = [];
  for (let index = 0; index < START_RUNS; index++) {
    const { milliseconds, child } = await startServer(peer.command, peer.args, await freePort());
    starts.push(milliseconds);
    await sleep(1000);
    idle.push(residentBytes(child.pid ?? 0));
    await stop(child);
  }
  return { coldStartMs: median(starts), idleRss: median(idle) };
}

/**
 * Starts a server and returns the milliseconds from spawning it to its first `tools/list` response.
 * Refused attempts repeat after 1 ms, and not at once: a poller that never pauses takes a whole core
 * from the starting server on a 2-core machine and doubles what is measured.
 */
async function startServer(command: string, args: readonly string[], port: number): Promise<{ milliseconds: number; child: ChildProcess }> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env: { ...process.env, ...serverEnvironment(port) }, stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await postToolsList(port);
    if (answer.status === 200 && answer.body.includes('"tools"')) {
      return { milliseconds: Number(process.hrtime.bigint() - started) / 1e6, child };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${command} ${args.join(' ')} returned no tools/list result within 30 s (last response: ${answer.status} ${answer.body})`);
    }
    await sleep(1);
  }
}

/** POSTs a tools/list with node:http, whose connection errors return at once. Status 0 means no response. */
function postToolsList(port: number): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
  return new Promise((resolveAnswer) => {
    const outgoing = request({ host: '127.0.0.1', port, method: 'POST', path: '/mcp', headers: { ...MCP_HEADERS, 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolveAnswer({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', (error) => resolveAnswer({ status: 0, body: error.message }));
    outgoing.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// Load

interface WrkRun {
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** Starts every peer on the server core, then runs wrk against them in turn. */
async function measureLoad(peers: readonly Peer[]): Promise<{ numbers: Map<string, Map<number, LoadNumbers>>; rss: Map<string, number> }> {
  const running: Array<{ peer: Peer; port: number; child: ChildProcess }> = [];
  try {
    for (const peer of peers) {
      const port = await freePort();
      const { child } = await startServer('taskset', ['-c', SERVER_CPU, peer.command, ...peer.args], port);
      running.push({ peer, port, child });
      await checkGreeting(peer, port);
      // A short run first, so just-in-time compilers and connection pools are warm in every peer.
      await runWrk(port, 16, 2);
    }

    const runs = new Map<string, WrkRun[]>();
    const rss = new Map<string, number>();
    for (let round = 0; round < RUNS; round++) {
      for (const clients of CLIENT_COUNTS) {
        for (const { peer, port, child } of running) {
          const sampler = clients === 64 ? sampleRss(child.pid ?? 0) : undefined;
          const result = await runWrk(port, clients, SECONDS);
          const peak = sampler?.stop() ?? 0;
          rss.set(peer.key, Math.max(rss.get(peer.key) ?? 0, peak));
          const key = `${peer.key}/${clients}`;
          runs.set(key, [...(runs.get(key) ?? []), result]);
        }
      }
    }

    const numbers = new Map<string, Map<number, LoadNumbers>>();
    for (const peer of peers) {
      const byClients = new Map<number, LoadNumbers>();
      for (const clients of CLIENT_COUNTS) {
        const samples = runs.get(`${peer.key}/${clients}`) ?? [];
        byClients.set(clients, {
          throughput: median(samples.map((sample) => sample.throughput)),
          p50Ms: median(samples.map((sample) => sample.p50Ms)),
          p99Ms: median(samples.map((sample) => sample.p99Ms)),
          errors: samples.reduce((total, sample) => total + sample.errors, 0),
        });
      }
      numbers.set(peer.key, byClients);
    }
    return { numbers, rss };
  } finally {
    await Promise.all(running.map(({ child }) => stop(child)));
  }
}

/** Fails unless the peer returns the expected greeting for the benchmark's tools/call. */
async function checkGreeting(peer: Peer, port: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers: MCP_HEADERS, body: TOOLS_CALL });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('Hello, bench!')) {
    throw new Error(`${peer.label} returned ${response.status} for the benchmark's tools/call, not the greeting: ${text}`);
  }
}

/** Runs wrk on the load core with one thread and `clients` connections, and parses its summary. */
function runWrk(port: number, clients: number, seconds: number): Promise<WrkRun> {
  const args = ['-c', LOAD_CPU, 'wrk', '-t1', `-c${clients}`, `-d${seconds}s`, '--timeout', '5s', '-s', WRK_SCRIPT, `http://127.0.0.1:${port}/mcp`];
  return new Promise((resolveRun, reject) => {
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.split('\n').find((entry) => entry.startsWith('{"requests"'));
      if (code !== 0 || line === undefined) {
        reject(new Error(`wrk ${args.slice(2).join(' ')} failed with status ${code}:\n${output}`));
        return;
      }
      const summary = JSON.parse(line) as Record<string, number>;
      resolveRun({
        throughput: summary.requests / (summary.durationMicroseconds / 1e6),
        p50Ms: summary.p50Microseconds / 1000,
        p99Ms: summary.p99Microseconds / 1000,
        errors: summary.connectErrors + summary.readErrors + summary.writeErrors + summary.statusErrors + summary.timeouts,
      });
    });
  });
}

/** Samples a process's RSS every 250 ms until stop(), which returns the highest sample. */
function sampleRss(pid: number): { stop: () => number } {
  let peak = residentBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 250);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, residentBytes(pid));
    },
  };
}

/** Sends SIGTERM and waits for the exit, with SIGKILL after 5 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolveWait) => setTimeout(resolveWait, milliseconds));
}

// ---------------------------------------------------------------------------------------------
// Report

function chartValue(results: readonly PeerResult[], key: string, clients: number, metric: 'throughput' | 'p50' | 'p99'): number {
  const numbers = results.find((result) => result.peer.key === key)?.load.get(clients);
  if (numbers === undefined) {
    return 0;
  }
  switch (metric) {
    case 'throughput':
      return numbers.throughput;
    case 'p50':
      return numbers.p50Ms;
    case 'p99':
      return numbers.p99Ms;
  }
}

function ratio(value: number, base: number): string {
  return base > 0 ? `${(value / base).toFixed(2)} ×` : '—';
}

/** One target of the generated server: its name, the value measured for a server, and whether it is met. */
type Target = readonly [string, (result: PeerResult) => [string, boolean]];

function report(results: readonly PeerResult[], versions: string): string {
  const byKey = (key: string) => results.find((result) => result.peer.key === key) as PeerResult;
  const throughput = (result: PeerResult, clients: number) => result.load.get(clients)?.throughput ?? 0;
  const generatedServers = [byKey('generated'), byKey('optimized')];

  const footprint = results.map(
    (result) => `| ${result.peer.label} | ${formatMilliseconds(result.coldStartMs)} | ${formatBytes(result.idleRss)} | ${formatBytes(result.loadRss)} | ${formatBytes(result.peer.sizeBytes)} (${result.peer.sizeNote}) |`,
  );
  const load = results.flatMap((result) =>
    CLIENT_COUNTS.map((clients) => {
      const numbers = result.load.get(clients) as LoadNumbers;
      return `| ${result.peer.label} | ${clients} | ${numbers.throughput.toFixed(0)} | ${numbers.p50Ms.toFixed(2)} ms | ${numbers.p99Ms.toFixed(2)} ms | ${numbers.errors} |`;
    }),
  );
  const ratios = generatedServers.flatMap((generated) =>
    CLIENT_COUNTS.map(
      (clients) => `| ${generated.peer.label} | ${clients} | ${ratio(throughput(generated, clients), throughput(byKey('rmcp'), clients))} | ${ratio(throughput(generated, clients), throughput(byKey('typescript'), clients))} | ${ratio(throughput(generated, clients), throughput(byKey('fastmcp'), clients))} |`,
    ),
  );

  const targets: readonly Target[] = [
    ['Throughput ≥ 3 × the TypeScript SDK server at 64 clients', (result) => {
      const value = throughput(result, 64) / throughput(byKey('typescript'), 64);
      return [`${value.toFixed(2)} ×`, value >= 3];
    }],
    ['Throughput ≥ 5 × the FastMCP server at 64 clients', (result) => {
      const value = throughput(result, 64) / throughput(byKey('fastmcp'), 64);
      return [`${value.toFixed(2)} ×`, value >= 5];
    }],
    ['p99 latency ≤ 5 ms at 64 clients', (result) => {
      const value = result.load.get(64)?.p99Ms ?? Infinity;
      return [`${value.toFixed(2)} ms`, value <= 5];
    }],
    ['Cold start ≤ 20 ms', (result) => [formatMilliseconds(result.coldStartMs), result.coldStartMs <= 20]],
    ['Idle RSS ≤ 12 MB (12 000 000 bytes)', (result) => [formatBytes(result.idleRss), result.idleRss <= 12e6]],
    ['No errors under load', (result) => {
      const errors = CLIENT_COUNTS.reduce((total, clients) => total + (result.load.get(clients)?.errors ?? 0), 0);
      return [String(errors), errors === 0];
    }],
  ];
  const targetRows = targets.map(([name, measure]) => {
    const cells = generatedServers.map((result) => {
      const [value, met] = measure(result);
      return `${value} | ${met ? 'yes' : '**no**'}`;
    });
    return `| ${name} | ${cells.join(' | ')} |`;
  });

  return `## Generated server against its peers

Each server answers the same \`greet\` tool over stateless Streamable HTTP with JSON responses on
loopback: the generated default server without a database, built with its \`release\` profile (tuned
for size: opt-level "z", fat LTO) and with its \`release-optimized\` profile (opt-level 3, thin LTO);
rmcp in its fewest lines (scripts/bench/peers/rmcp-minimal: Cargo's default release profile, no
logging, no limits); the official TypeScript SDK on node:http (scripts/bench/peers/typescript-server.mjs);
and FastMCP on uvicorn (scripts/bench/peers/fastmcp_server.py). Versions: ${versions}.

Load comes from wrk (one thread) with scripts/bench/peers/tools-call.lua, which POSTs the same
JSON-RPC \`tools/call\` with the Accept, Content-Type and MCP-Protocol-Version headers over keep-alive
connections; each connection is one client with one request in flight. During load each server is
pinned to CPU ${SERVER_CPU} and wrk to CPU ${LOAD_CPU}, so every server has one core whatever its threading, as on
a Cloud Run instance with one vCPU; Tokio then starts one worker thread. Throughput and latency are
medians of ${RUNS} runs of ${SECONDS} s at each client count, the servers taking turns. With a fixed number of
clients each waiting for its answer, latency is about clients ÷ throughput, so at 64 clients a p99 of
5 ms needs well over 12 800 calls per second on the one core.

Cold start runs from spawning the process to its first \`tools/list\` response, polled every
millisecond over node:http; idle RSS is read 1 s after that response. Both are medians of ${START_RUNS}
unpinned starts after one unmeasured start, so the files are in the page cache. RSS under load is the
highest sample, every 250 ms, during the 64-client runs.

![Throughput and latency of each server](peers-benchmark.svg)

| Server | Cold start | Idle RSS | RSS under load | Size |
| --- | --- | --- | --- | --- |
${footprint.join('\n')}

| Server | Clients | tools/call per s | p50 | p99 | Errors |
| --- | --- | --- | --- | --- | --- |
${load.join('\n')}

Throughput of the generated server divided by each peer's:

| Generated server | Clients | ÷ rmcp, minimal | ÷ TypeScript SDK | ÷ FastMCP |
| --- | --- | --- | --- | --- |
${ratios.join('\n')}

| Target | release | Met | release-optimized | Met |
| --- | --- | --- | --- | --- |
${targetRows.join('\n')}
`;
}
