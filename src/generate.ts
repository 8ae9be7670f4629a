/**
 * The steps of generation that do not depend on yeoman: the target check, the bootstrap files
 * (.projenrc.ts and package.json), the synthesis run and the final move into place.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, writeFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve, sep } from 'node:path';

import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';

import { type Answers, OPTIONS } from './options.js';
import { checkPreset, type Preset } from './preset.js';
import { packageRoot, packageVersion, renderTemplate } from './render.js';
import { MANIFEST_PATH, readManifest, serializeManifest } from './sync/manifest.js';
import { OptionError } from './validate.js';

/** Raised when the target directory cannot receive a new project. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

/** Checks that `target` does not exist or is an empty directory. */
export function checkTarget(target: string): void {
  if (!existsSync(target)) {
    return;
  }
  if (!statSync(target).isDirectory()) {
    throw new TargetError(`Invalid target ${JSON.stringify(target)}: it exists and is not a directory. Choose another directory name.`);
  }
  const entries = readdirSync(target);
  if (entries.length > 0) {
    const listed = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
    throw new TargetError(`Invalid target ${JSON.stringify(target)}: the directory is not empty (it contains ${listed}). Choose a new directory name or empty this one; nothing was written.`);
  }
}

/**
 * Creates the staging directory beside `target`, so the final rename stays on one file system
 * and relative links made by npm keep working.
 */
export function createStaging(target: string): string {
  const parent = dirname(resolve(target));
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(target)}.create-rust-mcp-`));
  stagingDirectories.add(staging);
  return staging;
}

const stagingDirectories = new Set<string>();
const runningChildren = new Set<ChildProcess>();

/**
 * Stops the commands generation started and deletes its staging directories, so an interrupted
 * run (SIGINT, SIGTERM) leaves the target as it was.
 */
export async function abortGeneration(): Promise<void> {
  const exits = [...runningChildren].map((child) => new Promise<void>((resolveExit) => {
    child.once('close', () => resolveExit());
    child.kill('SIGTERM');
  }));
  await Promise.all(exits);
  for (const staging of stagingDirectories) {
    rmSync(staging, { recursive: true, force: true });
  }
  stagingDirectories.clear();
}

/** Policy for a target directory that exists and is not empty. */
export type ConflictPolicy = 'abort' | 'skip' | 'overwrite';
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['abort', 'skip', 'overwrite'];

/**
 * Moves the staged project into place. A missing or empty target is replaced by the staging
 * directory. Into a target with files, `skip` copies only the files it lacks and `overwrite`
 * replaces the files it has. Files of the target that generation does not produce stay. Returns
 * the paths, relative to the target, that were kept (skip) or replaced (overwrite).
 */
export function moveIntoPlace(staging: string, target: string, policy: ConflictPolicy = 'abort'): string[] {
  stagingDirectories.delete(staging);
  const occupied = existsSync(target) && readdirSync(target).length > 0;
  if (!occupied || policy === 'abort') {
    checkTarget(target);
    if (existsSync(target)) {
      rmSync(target, { recursive: true });
    }
    // mkdtemp creates the staging directory private (0700); the project directory is not.
    chmodSync(staging, 0o755);
    renameSync(staging, target);
    return [];
  }

  const conflicts: string[] = [];
  for (const path of listFiles(staging)) {
    const destination = join(target, path);
    if (existsSync(destination)) {
      conflicts.push(path);
      if (policy === 'skip') {
        continue;
      }
      rmSync(destination, { recursive: true, force: true });
    }
    mkdirSync(dirname(destination), { recursive: true });
    cpSync(join(staging, path), destination, { preserveTimestamps: true });
  }
  if (policy === 'skip') {
    forgetFiles(target, conflicts);
  }
  rmSync(staging, { recursive: true, force: true });
  return conflicts;
}

/** Lists the files below `root`, relative to it, following no symbolic links. */
function listFiles(root: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      files.push(...listFiles(root, path));
    } else {
      files.push(path);
    }
  }
  return files;
}

/**
 * Removes skipped files from the manifest: the target's own versions were kept, so the next
 * synthesis must treat them as files it never wrote and report, not overwrite, them.
 */
function forgetFiles(target: string, paths: readonly string[]): void {
  const manifest = readManifest(target);
  if (manifest === undefined || paths.length === 0) {
    return;
  }
  const files = { ...manifest.files };
  for (const path of paths) {
    delete files[path];
  }
  writeFileSync(join(target, MANIFEST_PATH), serializeManifest({ ...manifest, files }));
}

/** Returns whether this package runs from a source checkout rather than an installed copy. */
export function runsFromCheckout(): boolean {
  return !packageRoot().split(sep).includes('node_modules');
}

/**
 * The dependency spec of create-rust-mcp in the generated package.json: the exact version from
 * the registry, or a link to the checkout, so a checkout works offline.
 */
export function selfDependency(): string {
  return runsFromCheckout() ? `file:${packageRoot()}` : packageVersion();
}

function dependencyVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const version = manifest.dependencies?.[name];
  if (version === undefined) {
    throw new Error(`create-rust-mcp's package.json has no dependency ${name}; reinstall the package`);
  }
  return version;
}

/** A preset package found by {@link loadPreset}. */
export interface LoadedPreset {
  readonly preset: Preset;
  /** npm package name, which the generated .projenrc.ts imports. */
  readonly packageName: string;
  /** Dependency spec in the generated package.json: an exact version, or `file:` for a directory. */
  readonly dependency: string;
  /** Directory of the package, linked into node_modules for a synthesis without npm install. */
  readonly directory: string;
}

/**
 * Loads a preset from a package directory (a path) or an npm package name, which is installed
 * into a temporary directory first. The package's main module exports the preset.
 */
export async function loadPreset(specifier: string): Promise<LoadedPreset> {
  const isPath = specifier.startsWith('.') || specifier.startsWith('/') || existsSync(specifier);
  let directory: string;
  let dependency: string | undefined;
  if (isPath) {
    directory = resolve(specifier);
  } else {
    const prefix = mkdtempSync(join(tmpdir(), 'create-rust-mcp-preset-'));
    const installed = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, specifier], prefix);
    if (installed.status !== 0) {
      throw new OptionError('preset', specifier, `npm install failed: ${installed.output.trim().split('\n').slice(-3).join(' ')}`, 'check the package name and your npm registry access, or pass the path of the preset package');
    }
    const name = specifier.startsWith('@') ? `@${specifier.slice(1).split('@')[0]}` : specifier.split('@')[0];
    directory = join(prefix, 'node_modules', name);
  }

  const manifestPath = join(directory, 'package.json');
  if (!existsSync(manifestPath)) {
    throw new OptionError('preset', specifier, `${manifestPath} does not exist`, 'pass a package directory with a package.json, or an npm package name');
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: string; version?: string; main?: string };
  if (manifest.name === undefined || manifest.version === undefined) {
    throw new OptionError('preset', specifier, 'its package.json has no name or version', 'add both to the preset package');
  }
  const module = (await import(pathToFileURL(join(directory, manifest.main ?? 'index.js')).href)) as { default?: unknown };
  const preset = checkPreset(module.default ?? module, specifier);
  return { preset, packageName: manifest.name, dependency: dependency ?? (isPath ? `file:${directory}` : manifest.version), directory };
}

/** Renders the package.json of the generated repository. */
export function renderPackageJson(answers: Answers, preset?: LoadedPreset): string {
  const manifest = {
    name: answers.name,
    version: '0.1.0',
    private: true,
    description: answers.description,
    type: 'module',
    devDependencies: {
      constructs: dependencyVersion('constructs'),
      'create-rust-mcp': selfDependency(),
      projen: dependencyVersion('projen'),
      tsx: dependencyVersion('tsx'),
      ...(preset === undefined ? {} : { [preset.packageName]: preset.dependency }),
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Renders the generated repository's .projenrc.ts with the name and the options the user chose.
 * The others are left out, so new defaults of create-rust-mcp or of the preset reach the
 * repository when those packages are upgraded.
 */
export function renderProjenrc(answers: Answers, chosen: ReadonlySet<string>, preset?: LoadedPreset): string {
  const options = OPTIONS.filter((spec) => spec.key === 'name' || chosen.has(spec.key)).map((spec) => [spec.key, JSON.stringify(answers[spec.key])] as const);
  return renderTemplate('projenrc.ts.ejs', { options, presetPackage: preset?.packageName });
}

/** Result of running a command: its exit status and what it printed. */
export interface CommandResult {
  readonly status: number;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<CommandResult> {
  return new Promise((resolveResult) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    runningChildren.add(child);
    child.once('close', () => runningChildren.delete(child));
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', (error) => resolveResult({ status: 127, output: `${command} could not be started: ${error.message}` }));
    child.on('close', (status, signal) => resolveResult({ status: status ?? 1, output: signal === null ? text : `${text}\n${command} was stopped by ${signal}` }));
  });
}

/** Installs the generated repository's npm dependencies. */
export function npmInstall(directory: string): Promise<CommandResult> {
  return run('npm', ['install', '--no-audit', '--no-fund'], directory);
}

/**
 * Runs the generated .projenrc.ts with tsx's loader, as the `default` task of `npx projen` does later.
 * `npx projen` itself cannot run the first synthesis: before it there is no .projen/tasks.json,
 * and projen would look for a project in the parent directories. Without installed dependencies,
 * create-rust-mcp is linked into node_modules for the run and the link removed after.
 */
export async function synthesize(directory: string, preset?: LoadedPreset): Promise<CommandResult> {
  // The staging directory has no node_modules of its own yet, so this package's tsx is used.
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const installed = existsSync(join(directory, 'node_modules', 'create-rust-mcp'));
  if (installed) {
    return run(process.execPath, ['--import', tsxLoader, '.projenrc.ts'], directory);
  }

  const modules = join(directory, 'node_modules');
  const createdModules = !existsSync(modules);
  const links: Array<[string, string]> = [['create-rust-mcp', packageRoot()]];
  if (preset !== undefined) {
    links.push([preset.packageName, preset.directory]);
  }
  for (const [name, source] of links) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(source, join(modules, name), 'dir');
  }
  try {
    return await run(process.execPath, ['--import', tsxLoader, '.projenrc.ts'], directory);
  } finally {
    if (createdModules) {
      rmSync(modules, { recursive: true, force: true });
    } else {
      for (const [name] of links) {
        rmSync(join(modules, name), { recursive: true, force: true });
      }
    }
  }
}
