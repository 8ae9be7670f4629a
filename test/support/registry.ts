/**
 * A private cargo registry on loopback: a sparse index over HTTPS whose config.json sets
 * `auth-required`, so it rejects every request without the token. It serves one crate, packaged by
 * cargo, and records each request with the token it carried.
 *
 * The registry runs in a child process, so that it responds while a test waits for a synchronous
 * command such as an image build.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runChecked } from './helpers.js';

/** Host name of the registry, which its certificate names; a hosted registry has a host name too. */
export const REGISTRY_HOST = 'localhost';

/** Hosts the registry's certificate names, and so the hosts its index URL can have. */
export type RegistryHost = typeof REGISTRY_HOST | '127.0.0.1' | '::1';

/** The crate the registry serves and the function it exports. */
export const REGISTRY_CRATE = { name: 'acme-greeting', version: '0.1.0', function: 'greeting', returns: 'hello from the acme registry' } as const;

/** CA bundle of this machine, which cargo needs for crates.io beside the registry's certificate. */
const HOST_CA_BUNDLE = process.env.SSL_CERT_FILE ?? '/etc/ssl/certs/ca-certificates.crt';

export interface RegistryRequest {
  readonly path: string;
  /** The Authorization header as sent; cargo sends the token itself, without a scheme. */
  readonly authorization: string | undefined;
  readonly status: number;
}

/** Where the registry process listens, as it prints it on its first line of output. */
interface RegistryAddress {
  /** Index URL as cargo names it: `sparse+https://localhost:PORT/index/`. */
  readonly index: string;
  /** CA bundle that trusts the registry and everything this machine trusts, for CARGO_HTTP_CAINFO. */
  readonly caBundle: string;
}

export interface PrivateRegistry extends RegistryAddress {
  /** Returns the requests served so far, oldest first. */
  requests(): RegistryRequest[];
  close(): Promise<void>;
}

/** File of the requests, one JSON object a line, in the registry's directory. */
const REQUEST_LOG = 'requests.jsonl';

/** Returns the sparse index path of a crate name, as cargo computes it for names of four or more characters. */
function indexPath(name: string): string {
  return `${name.slice(0, 2)}/${name.slice(2, 4)}/${name}`;
}

/** Packages the registry's crate with `cargo package` and returns the .crate file. */
function packageCrate(directory: string): Buffer {
  const crate = join(directory, 'crate');
  mkdirSync(join(crate, 'src'), { recursive: true });
  writeFileSync(
    join(crate, 'Cargo.toml'),
    `[package]\nname = "${REGISTRY_CRATE.name}"\nversion = "${REGISTRY_CRATE.version}"\nedition = "2021"\ndescription = "Test crate of a private registry"\nlicense = "MIT"\n`,
  );
  writeFileSync(join(crate, 'src/lib.rs'), `pub fn ${REGISTRY_CRATE.function}() -> &'static str {\n    "${REGISTRY_CRATE.returns}"\n}\n`);
  runChecked('cargo', ['package', '--no-verify', '--allow-dirty', '--target-dir', join(crate, 'target')], crate);
  return readFileSync(join(crate, 'target/package', `${REGISTRY_CRATE.name}-${REGISTRY_CRATE.version}.crate`));
}

/** Creates a self-signed certificate for the registry's host name, 127.0.0.1 and ::1. */
function selfSignedCertificate(directory: string): { key: string; cert: string } {
  const key = join(directory, 'registry.key');
  const cert = join(directory, 'registry.crt');
  runChecked(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${REGISTRY_HOST}`, '-addext', `subjectAltName=DNS:${REGISTRY_HOST},IP:127.0.0.1,IP:::1`, '-keyout', key, '-out', cert],
    directory,
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

/**
 * Serves the registry on a free loopback port and prints its address as JSON, with `host` in the
 * index URL. Every path responds with 401 without `token`, as a registry with `auth-required`
 * does, and 404 when it is unknown.
 */
async function serveRegistry(directory: string, token: string, host: RegistryHost): Promise<void> {
  mkdirSync(directory, { recursive: true });
  const crateFile = packageCrate(directory);
  const { key, cert } = selfSignedCertificate(directory);
  const caBundle = join(directory, 'ca-bundle.crt');
  writeFileSync(caBundle, `${readFileSync(HOST_CA_BUNDLE, 'utf8')}\n${cert}`);

  let origin = '';
  const files = new Map<string, { type: string; body: () => Buffer | string }>([
    ['/index/config.json', { type: 'application/json', body: () => JSON.stringify({ dl: `${origin}/crates`, api: origin, 'auth-required': true }) }],
    [
      `/index/${indexPath(REGISTRY_CRATE.name)}`,
      {
        type: 'text/plain',
        body: () =>
          `${JSON.stringify({ name: REGISTRY_CRATE.name, vers: REGISTRY_CRATE.version, deps: [], cksum: createHash('sha256').update(crateFile).digest('hex'), features: {}, yanked: false })}\n`,
      },
    ],
    [`/crates/${REGISTRY_CRATE.name}/${REGISTRY_CRATE.version}/download`, { type: 'application/octet-stream', body: () => crateFile }],
  ]);

  const server: Server = createServer({ key, cert }, (request, response) => {
    const path = request.url ?? '/';
    const authorization = request.headers.authorization;
    const file = files.get(path);
    let status = 200;
    if (authorization !== token) {
      status = 401;
      response.writeHead(status, { 'www-authenticate': 'Cargo login_url="https://localhost/login"', 'content-type': 'text/plain' });
      response.end('this registry needs a token\n');
    } else if (file === undefined) {
      status = 404;
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end('not found\n');
    } else {
      response.writeHead(status, { 'content-type': file.type });
      response.end(file.body());
    }
    const logged: RegistryRequest = { path, authorization, status };
    appendFileSync(join(directory, REQUEST_LOG), `${JSON.stringify(logged)}\n`);
  });
  const ipv6 = host === '::1';
  await new Promise<void>((resolveListen) => server.listen(0, ipv6 ? '::1' : '127.0.0.1', resolveListen));
  origin = `https://${ipv6 ? '[::1]' : host}:${(server.address() as AddressInfo).port}`;

  const address: RegistryAddress = { index: `sparse+${origin}/index/`, caBundle };
  process.stdout.write(`${JSON.stringify(address)}\n`);
}

/**
 * Starts the registry process with its files in `directory` and waits until it listens. `host`
 * is the host of its index URL: the host name, or a loopback IP address.
 */
export function startPrivateRegistry(directory: string, token: string, host: RegistryHost = REGISTRY_HOST): Promise<PrivateRegistry> {
  mkdirSync(directory, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), directory, token, host], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));

  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code) => rejectStart(new Error(`the registry exited with status ${code} before it listened:\n${errors}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('\n')) {
        return;
      }
      const address = JSON.parse(output.split('\n')[0]) as RegistryAddress;
      const log = join(directory, REQUEST_LOG);
      resolveStart({
        ...address,
        requests: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as RegistryRequest) : []),
        close: () =>
          new Promise<void>((resolveClose) => {
            child.removeAllListeners('exit');
            child.once('exit', () => resolveClose());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

// Run as a script, this module is the registry process.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [directory, token, host] = process.argv.slice(2);
  await serveRegistry(directory, token, host as RegistryHost);
}
