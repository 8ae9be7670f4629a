/**
 * The generated default server: cold release build, binary size, cold start (process start to the
 * first tools/list answer) and idle resident memory.
 */

import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, REPO_ROOT, runCli, WORK_DIR } from '../../test/support/helpers.js';
import { coldStart, formatBytes, formatMilliseconds, median, residentBytes, sample, timeCommand } from './measure.js';

const BUILD_RUNS = Number(process.env.BENCH_BUILD_RUNS ?? 3);
const START_RUNS = Number(process.env.BENCH_START_RUNS ?? 20);

export async function run(): Promise<string> {
  const root = join(WORK_DIR, 'bench', 'server');
  const project = join(root, 'bench-server');
  rmSync(root, { recursive: true, force: true });
  const created = runCli([project, '--yes', '--no-install', '--quiet'], REPO_ROOT);
  if (created.status !== 0) {
    throw new Error(created.stderr);
  }

  // Each cold build gets an empty target directory; the crates are already downloaded.
  timeCommand('cargo', ['fetch'], project);
  const targetDir = join(root, 'target');
  const builds = sample(BUILD_RUNS, () => {
    rmSync(targetDir, { recursive: true, force: true });
    return timeCommand('cargo', ['build', '--release'], project, { CARGO_TARGET_DIR: targetDir });
  });
  const binary = join(targetDir, 'release', 'bench-server');
  const size = statSync(binary).size;

  const starts: number[] = [];
  const idle: number[] = [];
  for (let index = 0; index < START_RUNS; index++) {
    const port = await freePort();
    const { milliseconds, child } = await coldStart(binary, [], { BIND_ADDRESS: `127.0.0.1:${port}` }, port);
    starts.push(milliseconds);
    await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
    idle.push(residentBytes(child.pid ?? 0));
    child.kill('SIGTERM');
    await new Promise((resolveExit) => child.once('exit', resolveExit));
  }

  return `## Generated server

The default server (\`--yes\`), release profile (size-tuned: opt-level "z", fat LTO, one codegen unit).

| Measurement | Command | Median | Runs | Target |
| --- | --- | --- | --- | --- |
| Cold release build | \`cargo build --release\`, empty target directory, crates downloaded | ${formatMilliseconds(median(builds))} | ${BUILD_RUNS} | — |
| Release binary size | \`stat target/release/bench-server\` | ${formatBytes(size)} | 1 | ≤ 4 MiB |
| Cold start | process start to the first \`tools/list\` answer over HTTP | ${formatMilliseconds(median(starts))} | ${START_RUNS} | ≤ 20 ms |
| Idle RSS | VmRSS 1 s after the first answer | ${formatBytes(median(idle))} | ${START_RUNS} | ≤ 12 MB |
`;
}
