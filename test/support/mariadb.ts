/**
 * A throwaway MariaDB server from the Debian package (it speaks the MySQL protocol), on 127.0.0.1
 * and a free port, with its data in a temporary directory and a database `notes` for user `app`.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, temporaryDirectory } from './helpers.js';

export class MariaDbServer {
  private constructor(
    readonly port: number,
    private readonly directory: string,
    private readonly process: ChildProcess,
  ) {}

  /** URL of the `notes` database as user `app`. */
  get url(): string {
    return `mysql://app:app@127.0.0.1:${this.port}/notes`;
  }

  private get socket(): string {
    return join(this.directory, 'mysqld.sock');
  }

  /** Initializes a data directory, starts the server and creates the database and user. */
  static async create(): Promise<MariaDbServer> {
    if (!existsSync('/usr/sbin/mariadbd')) {
      throw new Error('mariadbd not found; install it with: apt-get install mariadb-server');
    }
    const directory = temporaryDirectory('mariadb');
    const data = join(directory, 'data');
    mkdirSync(data);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const uid = Number(spawnSync('id', ['-u', 'mysql'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).stdout.trim());
      chownSync(directory, uid, gid);
      chownSync(data, uid, gid);
    }

    const install = spawnSync('mariadb-install-db', ['--user=mysql', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
    if (install.status !== 0) {
      throw new Error(`mariadb-install-db failed:\n${install.stdout}\n${install.stderr}`);
    }

    const port = await freePort();
    const args = [`--datadir=${data}`, '--bind-address=127.0.0.1', `--port=${port}`, `--socket=${join(directory, 'mysqld.sock')}`, `--pid-file=${join(directory, 'mysqld.pid')}`];
    const child = asRoot
      ? spawn('runuser', ['-u', 'mysql', '--', '/usr/sbin/mariadbd', ...args], { stdio: 'ignore' })
      : spawn('/usr/sbin/mariadbd', args, { stdio: 'ignore' });
    const server = new MariaDbServer(port, directory, child);

    const deadline = Date.now() + 30_000;
    for (;;) {
      const created = spawnSync('mariadb', ['--socket', server.socket, '-u', 'root', '-e', "CREATE DATABASE IF NOT EXISTS notes; CREATE USER IF NOT EXISTS 'app'@'127.0.0.1' IDENTIFIED BY 'app'; GRANT ALL ON notes.* TO 'app'@'127.0.0.1';"], { encoding: 'utf8' });
      if (created.status === 0) {
        return server;
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`MariaDB did not accept connections within 30 s: ${created.stderr}`);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 250));
    }
  }

  /** Stops the server; for `after` hooks. */
  destroy(): void {
    spawnSync('mariadb', ['--socket', this.socket, '-u', 'root', '-e', 'SHUTDOWN'], { encoding: 'utf8' });
    this.process.kill('SIGTERM');
  }
}
