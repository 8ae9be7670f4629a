/**
 * Container images without a Docker engine or a registry: buildah builds the generated Dockerfiles
 * from local stand-ins of the base images they name, and runs the results on loopback.
 *
 * The stand-ins are assembled from Debian packages and this machine's Rust toolchain and tagged
 * with exactly the names the Dockerfiles use. They stay in a buildah storage outside the repository,
 * so a second run, or CI on the same machine, reuses them. Builds run with `--pull=never`, so nothing
 * is fetched from a container registry.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';

import { BUILDER_IMAGE, CARGO_CHEF_VERSION, DEBIAN_RELEASE, RUNTIME_IMAGES, RUNTIME_USER } from '../../src/files/dockerfile.js';
import type { BaseImage } from '../../src/options.js';
import { freePort, type RunResult, runChecked, waitUntilHealthy } from './helpers.js';

/**
 * Storage driver of the tests' buildah storage: overlay where the kernel has overlayfs, else vfs;
 * CREATE_RUST_MCP_STORAGE_DRIVER overrides it. vfs copies the whole file system for every layer,
 * which for the 1 GB builder stages of these Dockerfiles took 17 GB of disk and 7.5 minutes for
 * one image here, against 1.6 GB and 2 minutes with overlay.
 */
export const STORAGE_DRIVER = process.env.CREATE_RUST_MCP_STORAGE_DRIVER ?? (/\toverlay$/m.test(readFileSync('/proc/filesystems', 'utf8')) ? 'overlay' : 'vfs');

/** buildah storage of the tests, one per driver; CREATE_RUST_MCP_CONTAINER_STORAGE overrides its parent directory. */
export const STORAGE_DIRECTORY = join(process.env.CREATE_RUST_MCP_CONTAINER_STORAGE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'create-rust-mcp', 'containers'), STORAGE_DRIVER);

/** Global flags of every buildah call. Builds and runs use chroot isolation, which needs no user namespaces. */
const GLOBAL_FLAGS = ['--root', join(STORAGE_DIRECTORY, 'storage'), '--runroot', join(STORAGE_DIRECTORY, 'run'), '--storage-driver', STORAGE_DRIVER];

const DEBIAN_IMAGE = RUNTIME_IMAGES['debian-slim'].image;
const DISTROLESS_IMAGE = RUNTIME_IMAGES.distroless.image;

/** Debian packages that make up the distroless cc image: base files, time zone data, glibc, libssl and the GCC runtime libraries. */
const DISTROLESS_PACKAGES = ['base-files', 'netbase', 'tzdata', 'libc6', 'libgcc-s1', 'libgomp1', 'libstdc++6', 'libssl3'];

/** Paths a slim Debian image leaves out: documentation, manuals and translations. */
const SLIM_EXCLUDED = ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/cache/apt/archives', 'var/lib/apt/lists'];

/** Path of the builder stand-in's CA bundle, which its cargo reads (CARGO_HTTP_CAINFO). */
const BUILDER_CA_BUNDLE = 'etc/ssl/host-ca-certificates.crt';

/** CA bundle this machine's own tools trust. */
const HOST_CA_BUNDLE = process.env.SSL_CERT_FILE ?? '/etc/ssl/certs/ca-certificates.crt';

/**
 * apt and dpkg settings of the official slim image: apt keeps no package caches or downloaded
 * archives, and dpkg skips documentation and translations. Without them, installing one package
 * in a Dockerfile adds tens of megabytes of cache to its layer.
 */
const SLIM_CONFIGURATION: Readonly<Record<string, string>> = {
  'etc/apt/apt.conf.d/docker-clean': [
    'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
    'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
    'Dir::Cache::pkgcache "";',
    'Dir::Cache::srcpkgcache "";',
    '',
  ].join('\n'),
  'etc/apt/apt.conf.d/docker-no-languages': 'Acquire::Languages "none";\n',
  'etc/dpkg/dpkg.cfg.d/docker': ['path-exclude /usr/share/doc/*', 'path-include /usr/share/doc/*/copyright', 'path-exclude /usr/share/man/*', 'path-exclude /usr/share/info/*', 'path-exclude /usr/share/locale/*', ''].join('\n'),
};

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Runs buildah with the tests' storage and fails with its output when it exits non-zero. */
export function buildah(args: readonly string[], cwd = STORAGE_DIRECTORY): RunResult {
  mkdirSync(STORAGE_DIRECTORY, { recursive: true });
  return runChecked('buildah', [...GLOBAL_FLAGS, ...args], cwd);
}

/** Returns whether an image with this name is in the tests' storage. */
export function imageExists(name: string): boolean {
  mkdirSync(STORAGE_DIRECTORY, { recursive: true });
  return spawnSync('buildah', [...GLOBAL_FLAGS, 'inspect', '--type', 'image', name], { stdio: 'ignore' }).status === 0;
}

/** Returns the `major.minor` release of this machine's rustc, the builder stand-in's Rust. */
export function hostRustVersion(): string {
  const version = runChecked('rustc', ['--version'], homedir()).stdout;
  const match = /^rustc (\d+)\.(\d+)\./.exec(version);
  if (match === null) {
    throw new Error(`unexpected rustc --version output: ${version}`);
  }
  return `${match[1]}.${match[2]}`;
}

/** Returns the builder image name for a Rust release, as the Dockerfile spells it. */
export function builderImageName(rustVersion: string): string {
  return BUILDER_IMAGE.replace('${RUST_VERSION}', rustVersion);
}

/**
 * Makes sure the tests' storage has every base image a Dockerfile of `baseImage` names, assembling
 * the missing ones. Returns the Rust release of the builder stand-in, to pass as RUST_VERSION.
 */
export function ensureBaseImages(baseImage: BaseImage): string {
  const rustVersion = hostRustVersion();
  ensureDebianImage();
  ensureBuilderImage(rustVersion);
  if (baseImage === 'distroless') {
    ensureDistrolessImage();
  }
  return rustVersion;
}

/** Commits a directory tree as an image with the given configuration flags. */
function commitTree(tree: string, name: string, configFlags: readonly string[]): void {
  const container = buildah(['from', 'scratch']).stdout.trim();
  try {
    const mountPoint = buildah(['mount', container]).stdout.trim();
    runChecked('cp', ['-a', `${tree}/.`, `${mountPoint}/`], STORAGE_DIRECTORY);
    buildah(['config', ...configFlags, container]);
    buildah(['commit', '--quiet', '--format', 'docker', container, name]);
  } finally {
    buildah(['rm', container]);
  }
}

function scratchDirectory(prefix: string): string {
  const parent = join(STORAGE_DIRECTORY, 'tmp');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `${prefix}-`));
}

/** debian:<release>-slim: a minbase debootstrap without documentation and with the apt and dpkg settings of the official slim image. */
function ensureDebianImage(): void {
  if (imageExists(DEBIAN_IMAGE)) {
    return;
  }
  const work = scratchDirectory('debian');
  try {
    const rootfs = join(work, 'rootfs');
    runChecked('debootstrap', ['--variant=minbase', DEBIAN_RELEASE.codename, rootfs], work);
    for (const path of SLIM_EXCLUDED) {
      rmSync(join(rootfs, path), { recursive: true, force: true });
      mkdirSync(join(rootfs, path), { recursive: true });
    }
    for (const [path, content] of Object.entries(SLIM_CONFIGURATION)) {
      writeFileSync(join(rootfs, path), content);
    }
    commitTree(rootfs, DEBIAN_IMAGE, ['--env', `PATH=${PATH}`, '--cmd', 'bash']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * rust:<version>-slim-<release>: the Debian image with gcc, libc6-dev and CA certificates (as the
 * official image has), this machine's Rust toolchain under /usr/local as the official image lays it
 * out, and cargo-chef installed the way the Dockerfile installs it, so the Dockerfile's install
 * step finds it present.
 */
function ensureBuilderImage(rustVersion: string): void {
  const name = builderImageName(rustVersion);
  if (imageExists(name)) {
    return;
  }

  const toolchainName = `${rustVersion}-x86_64-unknown-linux-gnu`;
  const sysroot = runChecked('rustc', ['--print', 'sysroot'], homedir()).stdout.trim();
  const rustup = realpathSync(runChecked('sh', ['-c', 'command -v rustup'], homedir()).stdout.trim());
  const container = buildah(['from', '--pull=never', DEBIAN_IMAGE]).stdout.trim();
  try {
    buildah(['run', '--isolation', 'chroot', container, '--', 'sh', '-c', 'apt-get update && apt-get install -y --no-install-recommends ca-certificates gcc libc6-dev && rm -rf /var/lib/apt/lists/*']);

    const mountPoint = buildah(['mount', container]).stdout.trim();
    const toolchain = join(mountPoint, 'usr/local/rustup/toolchains', toolchainName);
    mkdirSync(toolchain, { recursive: true });
    // share/ holds the offline documentation, which builds never read.
    for (const entry of readdirSync(sysroot).filter((name) => name !== 'share')) {
      cpSync(join(sysroot, entry), join(toolchain, entry), { recursive: true, verbatimSymlinks: true });
    }
    writeFileSync(join(mountPoint, 'usr/local/rustup/settings.toml'), `version = "12"\ndefault_toolchain = "${toolchainName}"\nprofile = "minimal"\n`);

    const bin = join(mountPoint, 'usr/local/cargo/bin');
    mkdirSync(bin, { recursive: true });
    cpSync(rustup, join(bin, 'rustup'));
    for (const proxy of ['cargo', 'rustc', 'rustdoc', 'cargo-fmt', 'rustfmt', 'cargo-clippy', 'clippy-driver']) {
      symlinkSync('rustup', join(bin, proxy));
    }

    // This machine may reach crates.io through a TLS proxy that only its own CA bundle trusts, so
    // cargo in the stand-in uses that bundle; the image's Debian bundle, which the scratch image
    // copies, stays as Debian ships it.
    cpSync(HOST_CA_BUNDLE, join(mountPoint, BUILDER_CA_BUNDLE));

    const environment = ['RUSTUP_HOME=/usr/local/rustup', 'CARGO_HOME=/usr/local/cargo', `PATH=/usr/local/cargo/bin:${PATH}`, `RUST_VERSION=${rustVersion}`, `CARGO_HTTP_CAINFO=/${BUILDER_CA_BUNDLE}`];
    buildah(['config', ...environment.flatMap((variable) => ['--env', variable]), container]);
    buildah(['run', '--isolation', 'chroot', container, '--', 'cargo', 'install', 'cargo-chef', '--locked', '--version', CARGO_CHEF_VERSION]);
    buildah(['run', '--isolation', 'chroot', container, '--', 'rm', '-rf', '/usr/local/cargo/registry']);
    buildah(['commit', '--quiet', '--format', 'docker', container, name]);
  } finally {
    buildah(['rm', container]);
  }
}

/**
 * gcr.io/distroless/cc-debian12:nonroot: the same Debian packages unpacked without their
 * maintainer scripts (so no shell or package manager), the CA bundle, and the `nonroot` user.
 */
function ensureDistrolessImage(): void {
  if (imageExists(DISTROLESS_IMAGE)) {
    return;
  }
  const work = scratchDirectory('distroless');
  const container = buildah(['from', '--pull=never', DEBIAN_IMAGE]).stdout.trim();
  try {
    // The CA bundle is generated by the ca-certificates package's maintainer script, so it is installed here and copied.
    const download = `apt-get update && apt-get install -y --no-install-recommends ca-certificates && cd /work && apt-get download ${DISTROLESS_PACKAGES.join(' ')} && mkdir rootfs && for package in *.deb; do dpkg-deb -x "$package" rootfs; done && cp /etc/ssl/certs/ca-certificates.crt .`;
    buildah(['run', '--isolation', 'chroot', '--volume', `${work}:/work`, container, '--', 'sh', '-c', download]);

    const rootfs = join(work, 'rootfs');
    const { name, uid } = RUNTIME_USER;
    mkdirSync(join(rootfs, 'etc/ssl/certs'), { recursive: true });
    cpSync(join(work, 'ca-certificates.crt'), join(rootfs, 'etc/ssl/certs/ca-certificates.crt'));
    writeFileSync(join(rootfs, 'etc/passwd'), `root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n${name}:x:${uid}:${uid}:${name}:/home/${name}:/sbin/nologin\n`);
    writeFileSync(join(rootfs, 'etc/group'), `root:x:0:\nnobody:x:65534:\n${name}:x:${uid}:\n`);
    for (const path of ['tmp', `home/${name}`, 'root']) {
      mkdirSync(join(rootfs, path), { recursive: true });
    }
    runChecked('chmod', ['1777', join(rootfs, 'tmp')], work);
    runChecked('chown', [`${uid}:${uid}`, join(rootfs, `home/${name}`)], work);
    rmSync(join(rootfs, 'usr/share/doc'), { recursive: true, force: true });

    commitTree(rootfs, DISTROLESS_IMAGE, ['--env', `PATH=${PATH}`, '--env', 'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt', '--user', `${uid}`, '--workingdir', `/home/${name}`]);
  } finally {
    buildah(['rm', container]);
    rmSync(work, { recursive: true, force: true });
  }
}

export interface BuildOptions {
  /** Directory with the Dockerfile and the build context. */
  readonly context: string;
  readonly tag: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Rebuild every step instead of reusing cached layers. */
  readonly noCache?: boolean;
  /** Dockerfile to build, relative to the context; `Dockerfile` when unset. */
  readonly dockerfile?: string;
  /** Build secrets, as id to the path of the file that contains the value. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** CA bundle that replaces the builder stand-in's, for a build that reaches a test server over TLS. */
  readonly caBundle?: string;
}

/** Builds the Dockerfile in `context` for linux/amd64 and returns the wall-clock seconds it took. */
export function buildImage(options: BuildOptions): { seconds: number; output: string } {
  const args = ['bud', '--isolation', 'chroot', '--pull=never', '--layers', '--format', 'docker', '--platform', 'linux/amd64', '--tag', options.tag];
  for (const [key, value] of Object.entries(options.buildArgs ?? {})) {
    args.push('--build-arg', `${key}=${value}`);
  }
  if (options.dockerfile !== undefined) {
    args.push('--file', options.dockerfile);
  }
  for (const [id, path] of Object.entries(options.secrets ?? {})) {
    args.push('--secret', `id=${id},src=${path}`);
  }
  if (options.caBundle !== undefined) {
    args.push('--volume', `${resolve(options.caBundle)}:/${BUILDER_CA_BUNDLE}:ro`);
  }
  if (options.noCache === true) {
    args.push('--no-cache');
  }
  const context = resolve(options.context);
  const started = Date.now();
  const result = buildah([...args, context], context);
  return { seconds: (Date.now() - started) / 1000, output: `${result.stdout}${result.stderr}` };
}

/** Returns whether the build step whose instruction contains `fragment` reused a cached layer, read from buildah's output. */
export function stepWasCached(buildOutput: string, fragment: string): boolean {
  const lines = buildOutput.split('\n');
  const step = lines.findIndex((line) => /^\[\d+\/\d+\] STEP \d+\/\d+: /.test(line) && line.includes(fragment));
  if (step === -1) {
    throw new Error(`no build step contains ${JSON.stringify(fragment)}`);
  }
  return lines[step + 1]?.startsWith('--> Using cache') === true;
}

/** The parts of an image's configuration the tests check. */
export interface ImageConfig {
  readonly user: string;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly env: readonly string[];
  readonly exposedPorts: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** HEALTHCHECK test, such as ["CMD", "/usr/local/bin/server", "healthcheck"]. */
  readonly healthcheck: readonly string[] | undefined;
  /** Uncompressed size of all layers, in bytes. */
  readonly size: number;
}

/** Reads the configuration and uncompressed size of an image. */
export function inspectImage(name: string): ImageConfig {
  const inspected = JSON.parse(buildah(['inspect', '--type', 'image', name]).stdout) as {
    Manifest: string;
    Docker: { config: { User?: string; Entrypoint?: string[]; Cmd?: string[]; Env?: string[]; ExposedPorts?: Record<string, unknown>; Labels?: Record<string, string>; Healthcheck?: { Test?: string[] } } };
  };
  const config = inspected.Docker.config;
  // Layers in local storage are uncompressed tar archives, so their sizes add up to the image size.
  const manifest = JSON.parse(inspected.Manifest) as { layers: Array<{ size: number }> };
  return {
    user: config.User ?? '',
    entrypoint: config.Entrypoint ?? [],
    cmd: config.Cmd ?? [],
    env: config.Env ?? [],
    exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    labels: config.Labels ?? {},
    healthcheck: config.Healthcheck?.Test,
    size: manifest.layers.reduce((total, layer) => total + layer.size, 0),
  };
}

/** Returns the type and permission bits of each path in an image (as `stat -c %F:%a` prints them), or undefined where a path is missing. */
export function statInImage(image: string, paths: readonly string[]): Array<string | undefined> {
  const container = buildah(['from', '--pull=never', image]).stdout.trim();
  try {
    const mountPoint = buildah(['mount', container]).stdout.trim();
    return paths.map((path) => {
      const result = spawnSync('stat', ['-c', '%F:%a', join(mountPoint, path)], { encoding: 'utf8' });
      return result.status === 0 ? result.stdout.trim() : undefined;
    });
  } finally {
    buildah(['rm', container]);
  }
}

/** Reads a file of an image. */
export function readFromImage(image: string, path: string): Buffer {
  const container = buildah(['from', '--pull=never', image]).stdout.trim();
  try {
    const mountPoint = buildah(['mount', container]).stdout.trim();
    return readFileSync(join(mountPoint, path));
  } finally {
    buildah(['rm', container]);
  }
}

/** Removes an image, and its cached layers no other image uses. */
export function removeImage(name: string): void {
  if (imageExists(name)) {
    buildah(['rmi', '--force', name]);
  }
}

/** A container started from an image's entrypoint, listening on a loopback port. */
export interface RunningContainer {
  readonly port: number;
  /** Process ID of the server inside the container, on this host. */
  readonly pid: number;
  /** Effective UID of the server process. */
  readonly uid: number;
  /** Everything the server wrote on stderr so far. */
  logs(): string;
  /** Runs a command in the container, as the image's user, and returns its exit status. */
  exec(command: readonly string[]): RunResult;
  /** Sends SIGTERM to the server and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts a container from `image` with its entrypoint, user and environment, plus PORT set to a
 * free port, and waits until /health on 127.0.0.1 answers 200.
 */
export async function runImage(image: string): Promise<RunningContainer> {
  const config = inspectImage(image);
  const port = await freePort();
  const container = buildah(['from', '--pull=never', image]).stdout.trim();
  const child = spawn('buildah', [...GLOBAL_FLAGS, 'run', '--isolation', 'chroot', '--env', `PORT=${port}`, container, '--', ...config.entrypoint], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  let exited = false;
  void exit.then(() => (exited = true));

  const cleanUp = (): void => {
    spawnSync('buildah', [...GLOBAL_FLAGS, 'rm', container], { stdio: 'ignore' });
  };

  const health = await waitUntilHealthy(port, 30, () => exited, 100);
  if (health === 'exited') {
    cleanUp();
    throw new Error(`container of ${image} exited before answering /health:\n${stderr}`);
  }
  if (health === 'timed out') {
    child.kill('SIGKILL');
    cleanUp();
    throw new Error(`container of ${image} did not answer /health within 30 s:\n${stderr}`);
  }

  let pid: number;
  try {
    pid = findDescendant(child.pid ?? -1, basename(config.entrypoint[0] ?? ''));
  } catch (error) {
    child.kill('SIGKILL');
    cleanUp();
    throw error;
  }
  return {
    port,
    pid,
    uid: effectiveUid(pid),
    logs: () => stderr,
    exec: (command) => {
      const result = spawnSync('buildah', [...GLOBAL_FLAGS, 'run', '--isolation', 'chroot', '--env', `PORT=${port}`, container, '--', ...command], { encoding: 'utf8' });
      return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
    },
    stop: async () => {
      process.kill(pid, 'SIGTERM');
      const code = await exit;
      cleanUp();
      return code;
    },
  };
}

/** Finds the process named `name` among the descendants of `root`, through /proc. */
function findDescendant(root: number, name: string): number {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc').filter((item) => /^\d+$/.test(item))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Format: pid (comm) state ppid ...; comm may contain spaces, so split after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      names.set(Number(entry), comm);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while /proc was read.
    }
  }

  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    // The kernel keeps the first 15 bytes of a process name.
    if (names.get(pid) === name.slice(0, 15)) {
      return pid;
    }
    queue.push(...(children.get(pid) ?? []));
  }
  throw new Error(`no process ${name} under ${root}`);
}

/** Returns the effective UID of a process. */
function effectiveUid(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const line = status.split('\n').find((entry) => entry.startsWith('Uid:'));
  if (line === undefined) {
    throw new Error(`/proc/${pid}/status has no Uid line`);
  }
  return Number(line.split(/\s+/)[2]);
}

/**
 * Returns the directories with the files of every layer created at or after `since`: those of the
 * final images and of every intermediate stage that a build made then. Only the overlay and vfs
 * storage drivers are known.
 */
export function layerDirectoriesCreatedSince(since: Date): string[] {
  const storage = join(STORAGE_DIRECTORY, 'storage');
  const layers = JSON.parse(readFileSync(join(storage, `${STORAGE_DRIVER}-layers`, 'layers.json'), 'utf8')) as Array<{ id: string; created: string }>;
  return layers
    .filter((layer) => new Date(layer.created).getTime() >= since.getTime())
    .map((layer) => (STORAGE_DRIVER === 'overlay' ? join(storage, 'overlay', layer.id, 'diff') : join(storage, 'vfs', 'dir', layer.id)));
}

/** Returns `buildah inspect` of every image, final or intermediate, created at or after `since`: configuration, history and labels. */
export function imageRecordsCreatedSince(since: Date): string[] {
  const images = JSON.parse(buildah(['images', '--all', '--json']).stdout) as Array<{ id: string; createdatraw: string }>;
  return images
    .filter((image) => new Date(image.createdatraw).getTime() >= since.getTime())
    .map((image) => buildah(['inspect', '--type', 'image', image.id]).stdout);
}

/** How {@link spawnReadOnly} runs a command: the settings of a compose service with `read_only: true`. */
export interface ReadOnlyRun {
  /** Bind mounts as [host path, path in the container], like compose volumes. */
  readonly binds?: ReadonlyArray<readonly [string, string]>;
  /** Paths that get an empty, writable tmpfs. */
  readonly tmpfs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** `UID:GID` the command runs as. */
  readonly user: string;
  /** Working directory in the container. */
  readonly workdir: string;
  readonly command: readonly string[];
}

/** A process running in a container's root file system, with what {@link spawnReadOnly} set up. */
export interface ReadOnlyProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote on stderr so far. */
  logs(): string;
  /** Resolves with the exit code once the process exited. */
  readonly exit: Promise<number | null>;
  /** Removes the working container; call after the process exited. */
  cleanUp(): void;
}

/**
 * Runs a command in the root file system of `image` as a container runtime does with a read-only
 * root: in a private mount namespace, the root is a read-only bind mount, /dev and /proc are
 * mounted, each tmpfs path gets an empty tmpfs, and the bind mounts are writable. Mount points that
 * the image lacks are created first, as Docker does. Before the command starts, the namespace checks
 * that a write to the root fails; the process then runs with the host's network.
 */
export function spawnReadOnly(image: string, run: ReadOnlyRun): ReadOnlyProcess {
  const container = buildah(['from', '--pull=never', image]).stdout.trim();
  const root = buildah(['mount', container]).stdout.trim();
  const mountPoints = ['dev', 'proc', ...run.tmpfs, ...(run.binds ?? []).map(([, target]) => target)].map((path) => join(root, path));
  for (const path of mountPoints) {
    mkdirSync(path, { recursive: true });
  }

  const setup = [
    'set -eu',
    'mount --bind "$ROOT" "$ROOT"',
    'mount -o remount,bind,ro "$ROOT"',
    'mount --rbind /dev "$ROOT/dev"',
    'mount -t proc proc "$ROOT/proc"',
    ...run.tmpfs.map((path) => `mount -t tmpfs -o mode=1777 tmpfs "$ROOT${path}"`),
    ...(run.binds ?? []).map(([source, target]) => `mount --bind ${JSON.stringify(source)} "$ROOT${target}"`),
    'if touch "$ROOT/write-probe" 2>/dev/null; then echo "the root file system is writable" >&2; exit 3; fi',
    'exec chroot --userspec="$USER_SPEC" "$ROOT" /bin/sh -c \'cd "$1" && shift && exec "$@"\' sh "$WORKDIR" "$@"',
  ].join('\n');
  // chroot runs `cd` through the image's shell when it has one; a scratch image has none, so its
  // entrypoint starts from / directly.
  const hasShell = spawnSync('test', ['-x', join(root, 'bin/sh')]).status === 0;
  const script = hasShell ? setup : setup.replace(/exec chroot .*$/m, 'exec chroot --userspec="$USER_SPEC" "$ROOT" "$@"');
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', ...run.command], {
    env: { ...run.env, ROOT: root, USER_SPEC: run.user, WORKDIR: run.workdir, PATH: run.env.PATH ?? PATH },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return {
    child,
    logs: () => stderr,
    exit,
    cleanUp: () => {
      spawnSync('buildah', [...GLOBAL_FLAGS, 'rm', container], { stdio: 'ignore' });
    },
  };
}

/** Returns an image's environment as a record. */
export function environmentOf(config: ImageConfig): Record<string, string> {
  return Object.fromEntries(config.env.map((variable) => [variable.slice(0, variable.indexOf('=')), variable.slice(variable.indexOf('=') + 1)]));
}

/** A server started by {@link runImageReadOnly}. */
export interface ReadOnlyServer {
  readonly port: number;
  logs(): string;
  stop(): Promise<number | null>;
}

/**
 * Runs the entrypoint of `image` as its user on a read-only root file system with a tmpfs at /tmp,
 * as compose's `read_only: true` with `tmpfs: [/tmp]` does, and waits until /health returns 200.
 */
export async function runImageReadOnly(image: string): Promise<ReadOnlyServer> {
  const config = inspectImage(image);
  const port = await freePort();
  const running = spawnReadOnly(image, {
    tmpfs: ['/tmp'],
    env: { ...environmentOf(config), PORT: String(port) },
    user: config.user === '' ? '0:0' : config.user,
    workdir: '/',
    command: config.entrypoint,
  });
  let exited = false;
  void running.exit.then(() => (exited = true));

  const health = await waitUntilHealthy(port, 30, () => exited, 100);
  if (health !== 'healthy') {
    running.child.kill('SIGKILL');
    await running.exit;
    running.cleanUp();
    throw new Error(`server of ${image} under a read-only root ${health === 'exited' ? 'exited' : 'did not answer /health within 30 s'}:\n${running.logs()}`);
  }
  return {
    port,
    logs: running.logs,
    stop: async () => {
      running.child.kill('SIGTERM');
      const code = await running.exit;
      running.cleanUp();
      return code;
    },
  };
}
