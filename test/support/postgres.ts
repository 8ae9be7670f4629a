/**
 * A throwaway PostgreSQL server from the Debian package, on 127.0.0.1 and a free port, with its
 * data in a temporary directory. initdb refuses to run as root, so the server runs as the
 * `postgres` user when the tests run as root.
 */

import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, temporaryDirectory } from './helpers.js';

/** Finds the newest installed PostgreSQL server binaries. */
function binDirectory(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((entry) => existsSync(join(root, entry, 'bin', 'initdb'))) : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql; install them with: apt-get install postgresql');
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0], 'bin');
}

export class PostgresServer {
  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly bin: string,
  ) {}

  /** URL of the `postgres` database as the trusted `postgres` user. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Creates a cluster and starts it. */
  static async create(): Promise<PostgresServer> {
    const bin = binDirectory();
    const parent = temporaryDirectory('postgres');
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir);
    const server = new PostgresServer(await freePort(), dataDir, bin);
    if (process.getuid?.() === 0) {
      const { uid, gid } = postgresUser();
      chownSync(parent, uid, gid);
      chownSync(dataDir, uid, gid);
    }

    server.run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    server.start();
    return server;
  }

  start(): void {
    // Loopback only, and the unix socket in the data directory rather than /var/run.
    const options = `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dataDir} -c fsync=off`;
    this.run('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', join(this.dataDir, 'server.log'), '-w', '-t', '30', 'start']);
  }

  /** Stops the server at once, dropping client connections. */
  stop(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  /** Stops the server if it runs; for `after` hooks. */
  destroy(): void {
    spawnSync(...this.command('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', 'stop']), { encoding: 'utf8' });
  }

  private command(tool: string, args: readonly string[]): [string, string[]] {
    const path = join(this.bin, tool);
    return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, [...args]];
  }

  private run(tool: string, args: readonly string[]): void {
    const [command, commandArgs] = this.command(tool, args);
    const result = spawnSync(command, commandArgs, { encoding: 'utf8', cwd: '/' });
    if (result.status !== 0) {
      throw new Error(`${tool} failed with status ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
  }
}

function postgresUser(): { uid: number; gid: number } {
  const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const groups = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0 || groups.status !== 0) {
    throw new Error('the postgres user does not exist; install PostgreSQL with: apt-get install postgresql');
  }
  return { uid: Number(result.stdout.trim()), gid: Number(groups.stdout.trim()) };
}
