/** The projen project type of a generated Rust MCP server repository. */

import { createRequire } from 'node:module';
import { basename } from 'node:path';

// projen's index loads every project type it ships (AWS CDK, Python, Java and more). Importing
// only the modules used here keeps the start-up of synthesis short.
import type { FileBase } from 'projen/lib/file.js';
import { Project } from 'projen/lib/project.js';
import { ProjenrcFile } from 'projen/lib/projenrc.js';

import { CargoConfigToml } from './files/cargo-config.js';
import { addAuditTasks } from './audit.js';
import { CargoToml } from './files/cargo-toml.js';
import { addCloudRunDeployment } from './files/cloudbuild-yaml.js';
import { addDockerfile } from './files/dockerfile.js';
import { addCiWorkflow } from './files/ci-workflow.js';
import { addDockerCompose } from './files/docker-compose.js';
import { addDockerfileDev } from './files/dockerfile-dev.js';
import { DenyToml } from './files/deny-toml.js';
import { addDockerignore } from './files/dockerignore.js';
import { addReadme } from './files/readme.js';
import { addRustSources } from './files/rust-sources.js';
import { type Answers, projenrcErrorMessage } from './options.js';
import { checkPreset, type Preset, resolveWithPreset } from './preset.js';
import * as output from './output.js';
import { packageVersion } from './render.js';
import { applyPlan, diffPlan, hasChanges, planSync, summarize } from './sync/engine.js';
import { isSyncedComponent, type PlannedFile } from './sync/kinds.js';
import { MANIFEST_PATH, readManifest } from './sync/manifest.js';
import { applyMigrations, MIGRATIONS, pendingMoves } from './sync/migrations.js';
import { OptionError, parsePrivateRegistry } from './validate.js';

/** Options of {@link RustMcpProject}: the generator's answers, each optional but `name`. */
export type RustMcpProjectOptions = Partial<Answers> & {
  readonly name: string;
  /** Directory of the project. @default - the current directory */
  readonly outdir?: string;
  /** Org preset whose defaults and rules apply to these options. @default - none */
  readonly preset?: Preset;
};

/** Environment variable that selects what synthesis does: `write` (default), `preview` or `check`. */
export const SYNTH_MODE_VARIABLE = 'CREATE_RUST_MCP_SYNTH';

export type SynthMode = 'write' | 'preview' | 'check';

/**
 * Command of the synthesis tasks. Node loads tsx's loader in its own process, where the `tsx`
 * command would start a second Node.js process, about 0.15 s more on every `npx projen`.
 */
export const SYNTH_COMMAND = 'node --import tsx .projenrc.ts';

// projen resolves lazy values (such as the task list) with this function when it writes a file.
// It is not part of projen's typed API, so it is loaded by path.
const { resolve: resolveLazy } = createRequire(import.meta.url)('projen/lib/_resolve.js') as {
  resolve: (value: unknown, options?: unknown) => unknown;
};

/** The `.projenrc.ts` of the generated repository; projen names it in the header of its files. */
class Projenrc extends ProjenrcFile {
  readonly filePath = '.projenrc.ts';
}

/** Exit status of .projenrc.ts on an invalid option, the same as the generator's; `npx projen` then exits 1. */
const INVALID_OPTION_EXIT = 2;

/**
 * Resolves the options of the project and checks them. When .projenrc.ts is the running script
 * (`npx projen` runs it with tsx), an invalid option prints one message in the words of that file and
 * exits with status 2, before anything is written. Elsewhere the {@link OptionError} is thrown.
 */
function resolveOptions(given: Partial<Answers>, preset: Preset | undefined, directoryName: string): Answers {
  try {
    return resolveWithPreset(given, preset === undefined ? undefined : checkPreset(preset, 'the preset option'), { directoryName });
  } catch (error) {
    if (error instanceof OptionError && /^\.projenrc\.[cm]?[jt]s$/.test(basename(process.argv[1] ?? ''))) {
      output.error(projenrcErrorMessage(error));
      process.exit(INVALID_OPTION_EXIT);
    }
    throw error;
  }
}

/**
 * A Rust MCP server for Cloud Run. Managed files are rewritten on every synthesis, Cargo.toml is
 * merged, and sample files (sources, README) are written once; `.projen/create-rust-mcp.json`
 * records which is which.
 */
export class RustMcpProject extends Project {
  readonly answers: Answers;
  readonly cargoToml: CargoToml;
  readonly preset: Preset | undefined;

  constructor(options: RustMcpProjectOptions) {
    const { outdir, preset, ...given } = options;
    const answers = resolveOptions(given, preset, options.name);
    super({ name: answers.name, outdir, commitGenerated: true });
    this.answers = answers;
    this.preset = preset;

    new Projenrc(this);
    this.gitignore.exclude('/target/', '.env', '*.local');
    this.cargoToml = new CargoToml(this, answers);
    new CargoConfigToml(this, parsePrivateRegistry(answers.privateRegistry));
    addRustSources(this, answers);
    addReadme(this, answers);
    new DenyToml(this, answers);
    addDockerignore(this);
    addCloudRunDeployment(this, answers);
    addDockerfile(this, answers);
    addDockerfileDev(this, answers);
    addDockerCompose(this, answers);
    addCiWorkflow(this, answers);
    this.addTasks();
  }

  private addTasks(): void {
    this.defaultTask?.exec(SYNTH_COMMAND);
    this.addTask('diff', {
      description: 'Show what synthesis would change, as a unified diff, without writing; exits 1 when something would change',
      env: { [SYNTH_MODE_VARIABLE]: 'preview' },
      exec: SYNTH_COMMAND,
    });
    this.addTask('drift', {
      description: 'Fail when a generated file was edited by hand or is out of date; writes nothing',
      env: { [SYNTH_MODE_VARIABLE]: 'check' },
      exec: SYNTH_COMMAND,
    });
    this.compileTask.exec('cargo build --release');
    this.testTask.exec('cargo test');
    this.addTask('lint', {
      description: 'Check formatting and lints',
      steps: [{ exec: 'cargo fmt --check' }, { exec: 'cargo clippy --all-targets -- -D warnings' }],
    });
    addAuditTasks(this);
  }

  /** Collects every file this synthesis produces, in a stable order. */
  plannedFiles(): PlannedFile[] {
    for (const component of this.components) {
      component.preSynthesize();
    }

    const planned: PlannedFile[] = [];
    const resolver = { resolve: resolveLazy };
    for (const file of this.files) {
      // projen's own files (.gitignore, .projen/tasks.json, ...) are managed files like ours.
      const content = (file as unknown as { synthesizeContent(resolver: unknown): string | undefined }).synthesizeContent(resolver);
      if (content !== undefined) {
        planned.push({ kind: 'managed', path: file.path, content, executable: (file as FileBase).executable });
      }
    }
    for (const component of this.components) {
      if (isSyncedComponent(component)) {
        planned.push(component.plan());
      }
    }
    return planned.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Synthesizes the project through the file classes; the mode comes from {@link SYNTH_MODE_VARIABLE}. */
  override synth(): void {
    const mode = synthMode();
    const recorded = readManifest(this.outdir);
    const moves = pendingMoves(recorded, MIGRATIONS);
    const previous = mode === 'write' ? applyMigrations(this.outdir, recorded, MIGRATIONS) : recorded;
    const planned = planSync(this.outdir, this.plannedFiles(), previous, packageVersion(), MIGRATIONS.map((migration) => migration.id));
    const plan = { ...planned, manifest: { ...planned.manifest, answers: { ...this.answers }, preset: this.preset === undefined ? undefined : { name: this.preset.name, version: this.preset.version } } };
    const conflicts = plan.actions.filter((action) => action.type === 'conflict');

    for (const line of answerChanges(recorded?.answers, this.answers)) {
      output.info(line);
    }

    if (mode === 'write') {
      for (const move of moves) {
        output.info(`migrate  ${move.from} -> ${move.to} (${move.migration})`);
      }
      applyPlan(this.outdir, plan);
      for (const line of summarize(plan)) {
        (line.startsWith('conflict') ? output.warn : output.info)(line);
      }
      if (conflicts.length > 0) {
        output.error(`${conflicts.length} generated file(s) left as they are because of the conflicts above; the other files were synthesized`);
        process.exitCode = 1;
      }
      return;
    }

    const diff = diffPlan(plan);
    output.data(diff);
    for (const move of moves) {
      output.info(`pending migration ${move.migration}: ${move.from} would move to ${move.to}`);
    }
    const changed = hasChanges(plan, previous) || conflicts.length > 0 || moves.length > 0;
    if (mode === 'check') {
      for (const conflict of conflicts) {
        output.error(`${conflict.path}: ${conflict.reason}`);
      }
      const outOfDate = summarize(plan).filter((entry) => !entry.startsWith('conflict'));
      for (const line of outOfDate) {
        output.error(`out of date: ${line}`);
      }
      if (changed && outOfDate.length === 0 && conflicts.length === 0 && moves.length === 0) {
        output.error(`out of date: ${MANIFEST_PATH}, the record of what synthesis wrote`);
      }
      if (changed) {
        const fix = conflicts.length > 0 ? 'resolve each file named above as its message says, then run npx projen' : 'run npx projen';
        output.error(`generated files differ from what synthesis produces; ${fix} and commit the result`);
        process.exitCode = 1;
      } else {
        output.success('no drift: every generated file matches its synthesis');
      }
      return;
    }

    for (const conflict of conflicts) {
      output.warn(`${conflict.path}: synthesis would leave it as it is, because ${conflict.reason}`);
    }
    output.info(changed ? `${summarize(plan).length} file(s) would change` : 'nothing would change');
    if (changed) {
      process.exitCode = 1;
    }
  }
}

/** Lists the options that changed since the last synthesis, one line each. */
function answerChanges(previous: Readonly<Record<string, unknown>> | undefined, current: Answers): string[] {
  if (previous === undefined) {
    return [];
  }
  const lines: string[] = [];
  for (const [key, value] of Object.entries(current)) {
    const before = previous[key];
    if (JSON.stringify(before) !== JSON.stringify(value)) {
      lines.push(`option   ${key}: ${JSON.stringify(before)} -> ${JSON.stringify(value)}`);
    }
  }
  return lines;
}

function synthMode(): SynthMode {
  const value = process.env[SYNTH_MODE_VARIABLE] ?? 'write';
  if (value !== 'write' && value !== 'preview' && value !== 'check') {
    throw new Error(`Invalid ${SYNTH_MODE_VARIABLE} ${JSON.stringify(value)}: use write, preview or check`);
  }
  return value;
}
