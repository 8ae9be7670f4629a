/**
 * The main job: generates a default server into .work/demo, builds it with cargo, and calls its
 * tools with the official MCP client over Streamable HTTP and stdio.
 */

import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { cargo, CARGO_TARGET_DIR, freePort, runCli, startServer, WORK_DIR } from '../test/support/helpers.js';
import { exerciseHttp, exerciseStdio } from '../test/support/mcp.js';

const project = join(WORK_DIR, 'demo', 'demo-server');
rmSync(join(WORK_DIR, 'demo'), { recursive: true, force: true });

console.log(`Generating ${project}`);
const generated = runCli([project, '--yes', '--no-install']);
process.stderr.write(generated.stderr);
if (generated.status !== 0) {
  process.exit(generated.status);
}

console.log(`Building with cargo (target directory ${CARGO_TARGET_DIR})`);
cargo(['build'], project);
const binary = join(CARGO_TARGET_DIR, 'debug', 'demo-server');

const port = await freePort();
const server = await startServer(binary, { BIND_ADDRESS: `127.0.0.1:${port}` }, port);
try {
  const http = await exerciseHttp(`http://127.0.0.1:${port}/mcp`);
  console.log(`Streamable HTTP: server ${http.serverName}, tools ${http.toolNames.join(', ')}`);
  console.log(`  greet -> ${JSON.stringify(http.greeting)}`);
  console.log(`  text_stats -> ${JSON.stringify(http.stats)}`);
} finally {
  const stopped = await server.terminate();
  console.log(`SIGTERM: exit code ${stopped.code} after ${stopped.seconds.toFixed(2)} s`);
}

const stdio = await exerciseStdio(binary);
console.log(`stdio: server ${stdio.serverName}, tools ${stdio.toolNames.join(', ')}`);
console.log(`  greet -> ${JSON.stringify(stdio.greeting)}`);
console.log(`  text_stats -> ${JSON.stringify(stdio.stats)}`);
console.log(`\nThe generated repository is in ${project}`);
