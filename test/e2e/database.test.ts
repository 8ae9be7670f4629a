/**
 * Database servers against real databases: a PostgreSQL server from the Debian package and a
 * SQLite file. The official MCP client writes a row through one tool and reads it back through
 * another; PostgreSQL is stopped and started under the running server.
 */

import { strict as assert } from 'node:assert';
import { join } from 'node:path';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

import { cargo, CARGO_TARGET_DIR, freePort, runCli, startServer, temporaryDirectory, type ServerProcess } from '../support/helpers.js';
import { strictSchemaErrors, withHttpClient } from '../support/mcp.js';
import { MariaDbServer } from '../support/mariadb.js';
import { PostgresServer } from '../support/postgres.js';

interface ToolResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content?: Array<{ text?: string }>;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

/** Polls the health endpoint until it answers `status`, or fails after `seconds`. */
async function waitForHealth(port: number, status: number, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let last = 0;
  while (Date.now() < deadline) {
    try {
      last = (await fetch(`http://127.0.0.1:${port}/health`)).status;
      if (last === status) {
        return;
      }
    } catch {
      last = -1;
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  assert.fail(`/health answered ${last}, not ${status}, within ${seconds} s`);
}

/** Generates a server with `database`, builds it, and returns its binary. */
function buildServer(name: string, database: string): { project: string; binary: string } {
  const project = join(temporaryDirectory('db'), name);
  const result = runCli([project, '--yes', '--no-install', '--database', database]);
  assert.equal(result.status, 0, result.stderr);
  cargo(['build'], project);
  return { project, binary: join(CARGO_TARGET_DIR, 'debug', name) };
}

describe('postgres server', function () {
  let postgres: PostgresServer;
  let server: ServerProcess | undefined;
  let binary: string;
  let project: string;

  before(async function () {
    postgres = await PostgresServer.create();
    ({ project, binary } = buildServer('pg-notes', 'postgres'));
  });

  after(function () {
    server?.kill();
    postgres?.destroy();
  });

  it('writes a note and reads it back', async function () {
    const port = await freePort();
    server = await startServer(binary, { BIND_ADDRESS: `127.0.0.1:${port}`, DATABASE_URL: postgres.url }, port);
    const url = `http://127.0.0.1:${port}/mcp`;

    const added = await withHttpClient(url, (client) => call(client, 'add_note', { body: 'buy milk' }));
    assert.equal(added.isError, false, JSON.stringify(added));
    const id = added.structuredContent?.id;
    assert.equal(typeof id, 'number');

    const listed = await withHttpClient(url, (client) => call(client, 'list_notes', { limit: 5 }));
    assert.deepEqual(listed.structuredContent?.notes, [{ id, body: 'buy milk' }]);
    assert.deepEqual(await strictSchemaErrors(url), []);
  });

  it('returns a tool error while the database is down and recovers after', async function () {
    assert.ok(server, 'the previous test started the server');
    const port = server.port;
    const url = `http://127.0.0.1:${port}/mcp`;

    postgres.stop();
    const failed = await withHttpClient(url, (client) => call(client, 'add_note', { body: 'lost?' }));
    assert.equal(failed.isError, true);
    assert.match(failed.content?.[0]?.text ?? '', /database error: .*try again when the database is reachable/);
    await waitForHealth(port, 503, 20);

    postgres.start();
    await waitForHealth(port, 200, 30);
    const added = await withHttpClient(url, (client) => call(client, 'add_note', { body: 'after recovery' }));
    assert.equal(added.isError, false, JSON.stringify(added));

    const { code } = await server.terminate();
    assert.equal(code, 0);
  });

  it('passes clippy under every database feature set', function () {
    const featureSets = [['--no-default-features'], [], ['--no-default-features', '--features', 'mysql'], ['--no-default-features', '--features', 'sqlite'], ['--features', 'full']];
    for (const features of featureSets) {
      cargo(['clippy', '--all-targets', ...features, '--', '-D', 'warnings'], project);
    }
  });

  it('passes its own tests with the postgres feature', function () {
    const tests = cargo(['test'], project);
    assert.match(tests.stdout, /reads_cloud_sql_socket_url \.\.\. ok/);
  });
});

describe('mysql server against MariaDB', function () {
  let mariadb: MariaDbServer | undefined;

  after(function () {
    mariadb?.destroy();
  });

  it('writes a note and reads it back', async function () {
    mariadb = await MariaDbServer.create();
    const { binary } = buildServer('mysql-notes', 'mysql');
    const port = await freePort();
    const server = await startServer(binary, { BIND_ADDRESS: `127.0.0.1:${port}`, DATABASE_URL: mariadb.url }, port);
    try {
      const url = `http://127.0.0.1:${port}/mcp`;

      const added = await withHttpClient(url, (client) => call(client, 'add_note', { body: 'stored in MariaDB' }));
      assert.equal(added.isError, false, JSON.stringify(added));
      const listed = await withHttpClient(url, (client) => call(client, 'list_notes', {}));
      assert.deepEqual(listed.structuredContent?.notes, [{ id: added.structuredContent?.id, body: 'stored in MariaDB' }]);
    } finally {
      server.kill();
    }
  });
});

describe('sqlite server', function () {
  it('writes a note to a file database and reads it back', async function () {
    const { binary } = buildServer('sqlite-notes', 'sqlite');
    const database = join(temporaryDirectory('sqlite'), 'notes.db');
    const port = await freePort();
    const server = await startServer(binary, { BIND_ADDRESS: `127.0.0.1:${port}`, DATABASE_URL: `sqlite://${database}?mode=rwc` }, port);
    try {
      await waitForHealth(port, 200, 15);
      const url = `http://127.0.0.1:${port}/mcp`;

      const added = await withHttpClient(url, (client) => call(client, 'add_note', { body: 'stored in a file' }));
      assert.equal(added.isError, false, JSON.stringify(added));
      const listed = await withHttpClient(url, (client) => call(client, 'list_notes', {}));
      assert.deepEqual(listed.structuredContent?.notes, [{ id: added.structuredContent?.id, body: 'stored in a file' }]);
    } finally {
      server.kill();
    }
  });
});
