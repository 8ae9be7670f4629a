/**
 * The steps of generation that do not depend on yeoman: the target check, the bootstrap files
 * (.projenrc.ts and package.json), the synthesis run and the final move into place.
 */

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve, sep } from 'node:path';

import { type Answers, OPTIONS } from './options.js';
import { packageRoot, packageVersion, renderTemplate } from './render.js';

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
  return mkdtempSync(join(parent, `.${basename(target)}.create-rust-mcp-`));
}

/** Moves the staged project into place. An empty target directory is replaced. */
export function moveIntoPlace(staging: string, target: string): void {
  checkTarget(target);
  if (existsSync(target)) {
    rmSync(target, { recursive: true });
  }
  // mkdtemp creates the staging directory private (0700); the project directory is not.
  chmodSync(staging, 0o755);
  renameSync(staging, target);
}

/** Whether this package runs from a source checkout rather than an installed copy. */
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

/** Renders the package.json of the generated repository. */
export function renderPackageJson(answers: Answers): string {
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
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Renders the generated repository's .projenrc.ts with every option written out. */
export function renderProjenrc(answers: Answers): string {
  const options = OPTIONS.map((spec) => [spec.key, JSON.stringify(answers[spec.key])] as const);
  return renderTemplate('projenrc.ts.ejs', { options });
}

/** Result of running a command: its exit status and what it printed. */
export interface CommandResult {
  readonly status: number;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<CommandResult> {
  return new Promise((resolveResult) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
 * Runs the generated .projenrc.ts with tsx, as the `default` task of `npx projen` does later.
 * `npx projen` itself cannot run the first synthesis: before it there is no .projen/tasks.json,
 * and projen would look for a project in the parent directories. Without installed dependencies,
 * create-rust-mcp is linked into node_modules for the run and the link removed after.
 */
export async function synthesize(directory: string): Promise<CommandResult> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const installed = existsSync(join(directory, 'node_modules', 'create-rust-mcp'));
  if (installed) {
    return run(process.execPath, [tsx, '.projenrc.ts'], directory);
  }

  const modules = join(directory, 'node_modules');
  const createdModules = !existsSync(modules);
  mkdirSync(modules, { recursive: true });
  const link = join(modules, 'create-rust-mcp');
  symlinkSync(packageRoot(), link, 'dir');
  try {
    return await run(process.execPath, [tsx, '.projenrc.ts'], directory);
  } finally {
    rmSync(createdModules ? modules : link, { recursive: true, force: true });
  }
}
