/**
 * The `create-rust-mcp` command: parses flags derived from the option schema, checks every given
 * value and the target directory before anything is written, then runs the yeoman generator.
 */

import { basename, dirname, join, resolve } from 'node:path';

import { Console } from 'node:console';
import { PassThrough } from 'node:stream';

import { Command, Option } from 'commander';

import { abortGeneration, checkTarget, CONFLICT_POLICIES, type ConflictPolicy, type LoadedPreset, loadPreset, TargetError } from './generate.js';
import { resolveWithPreset } from './preset.js';
import { type Answers, checkValue, OPTIONS, type OptionSpec } from './options.js';
import * as output from './output.js';
import { packageRoot, packageVersion } from './render.js';
import { OptionError } from './validate.js';

/** Input the CLI passes to the generator. */
export interface GeneratorInput {
  /** Target directory, absolute. */
  readonly target: string;
  /** Values given as flags, already checked. */
  readonly given: Partial<Answers>;
  /** Whether the generator may prompt for the values not given. */
  readonly interactive: boolean;
  /** Whether to run npm install in the new repository. */
  readonly install: boolean;
  /** Policy for a target directory that exists and is not empty. */
  readonly onConflict: ConflictPolicy;
  /** The org preset given with --preset. */
  readonly preset?: LoadedPreset;
}

function buildProgram(): Command {
  const program = new Command('create-rust-mcp')
    .description('Create a Rust MCP server repository for Cloud Run, kept in sync through projen.')
    .version(packageVersion())
    .argument('[directory]', 'directory to create; defaults to --name')
    .option('-y, --yes', 'take the defaults for every option not given, without prompting')
    .option('--no-install', 'skip npm install in the new repository')
    .option('-q, --quiet', 'print only warnings and errors')
    .option('--preset <package-or-path>', 'org preset: an npm package name, or the path of a package directory, whose defaults and rules apply')
    .addOption(new Option('--on-conflict <policy>', 'when the directory exists and is not empty: abort, skip the files it has, or overwrite them').choices([...CONFLICT_POLICIES]).default('abort'))
    .showHelpAfterError('(run create-rust-mcp --help for the options)');

  for (const spec of OPTIONS) {
    const shownDefault = typeof spec.defaultValue === 'function' ? (spec.defaultHelp ?? 'computed') : JSON.stringify(spec.defaultValue);
    if (spec.type === 'boolean') {
      program.addOption(new Option(`--${spec.flag}`, `${spec.help} [default: ${spec.defaultValue ? 'on' : 'off'}]`));
      program.addOption(new Option(`--no-${spec.flag}`, `turn --${spec.flag} off`));
      continue;
    }

    const placeholder = { string: '<value>', integer: '<number>', list: '<list>', choice: '<choice>' }[spec.type];
    const detail = valueHint(spec);
    program.addOption(new Option(`--${spec.flag} ${placeholder}`, `${spec.help}${detail} [default: ${shownDefault}]`));
  }
  return program;
}

/** Returns the help text's note on the values an option takes, with a leading space, or ''. */
function valueHint(spec: OptionSpec): string {
  switch (spec.type) {
    case 'choice':
      return ` (one of: ${spec.choices.join(', ')})`;
    case 'list':
      return ` (any of: ${spec.choices.join(', ')})`;
    case 'integer':
      return ` (${spec.min} to ${spec.max}${spec.unit === undefined ? '' : ` ${spec.unit}`})`;
    default:
      return '';
  }
}

/** Reads the checked values of every option given on the command line. */
function givenValues(flags: Record<string, unknown>): Partial<Answers> {
  const given: Record<string, unknown> = {};
  for (const spec of OPTIONS) {
    const attribute = spec.flag.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
    const value = flags[attribute];
    if (value !== undefined) {
      given[spec.key] = checkValue(spec, value);
    }
  }
  return given as Partial<Answers>;
}

function isInteractive(yes: boolean): boolean {
  return !yes && process.stdin.isTTY === true && process.stdout.isTTY === true && process.env.CI === undefined;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code ?? 1;
  }

  const flags = program.opts<Record<string, unknown>>();
  output.setQuiet(flags.quiet === true);

  try {
    const given = givenValues(flags);
    const interactive = isInteractive(flags.yes === true);
    const directory = program.args[0] ?? given.name;
    if (directory === undefined || directory === '') {
      throw new TargetError('Missing the directory to create. Pass it as the first argument, as in: npm create rust-mcp@latest my-server');
    }

    const target = resolve(directory);
    const onConflict = flags.onConflict as ConflictPolicy;
    if (onConflict === 'abort') {
      checkTarget(target);
    }
    const preset = typeof flags.preset === 'string' ? await loadPreset(flags.preset) : undefined;
    if (!interactive) {
      // Defaults such as the name (the directory name), the rules between options and the
      // preset's rules are checked now, before anything is written.
      resolveWithPreset(given, preset?.preset, { directoryName: basename(target) });
    }

    const input: GeneratorInput = { target, given, interactive, install: flags.install !== false, onConflict, preset };
    // An interrupted run stops its commands and deletes the staging directory before it exits.
    const interrupt = (signal: NodeJS.Signals): void => {
      output.error(`interrupted by ${signal}; nothing was written to ${target}`);
      void abortGeneration().finally(() => process.exit(130));
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    await runGenerator(input);
    return 0;
  } catch (error) {
    if (error instanceof OptionError || error instanceof TargetError) {
      output.error(error.message);
      return 2;
    }
    output.error((error as Error).message);
    return 1;
  }
}

async function runGenerator(input: GeneratorInput): Promise<void> {
  // Loaded here, not at the top: yeoman-environment takes about a second to import, which
  // --help and rejected input need not pay.
  const { createEnv } = await import('yeoman-environment');
  const { QueuedAdapter } = await import('@yeoman/adapter');

  // Yeoman's own log lines name the staging directory, which the user never sees; progress is
  // reported through the output module instead. Interactive runs keep the terminal for prompts.
  const options: Parameters<typeof createEnv>[0] = { cwd: dirname(input.target), skipInstall: true };
  if (!input.interactive) {
    const sink = new PassThrough().resume() as unknown as NodeJS.WriteStream;
    options.adapter = new QueuedAdapter({ stdout: sink, stderr: sink, console: new Console(sink, sink) });
  }
  const env = createEnv(options);
  env.register(join(packageRoot(), 'lib', 'generators', 'app', 'index.js'), { namespace: 'rust-mcp:app' });
  await env.run(['rust-mcp:app'], { rustMcp: input, skipInstall: true, force: true } as never);
}
