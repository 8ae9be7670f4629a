/**
 * The yeoman generator behind `npm create rust-mcp`. It asks for the options not given as flags,
 * writes the bootstrap files (.projenrc.ts and package.json) into a staging directory, installs,
 * runs the project type's synthesis there, and moves the result into place. It renders no
 * project file itself, so generation and `npx projen` cannot disagree.
 */

import { basename } from 'node:path';
import { rmSync } from 'node:fs';

import Generator from 'yeoman-generator';
import ora from 'ora';

import type { GeneratorInput } from '../../src/cli.js';
import { type CommandResult, createStaging, moveIntoPlace, npmInstall, renderPackageJson, renderProjenrc, synthesize } from '../../src/generate.js';
import { imagePlatforms } from '../../src/files/dockerfile.js';
import { type Answers, checkValue, defaultOf, OPTIONS } from '../../src/options.js';
import { resolveWithPreset } from '../../src/preset.js';
import * as output from '../../src/output.js';
import { OptionError, registryHostWarning } from '../../src/validate.js';

type Options = Generator['options'] & {
  readonly rustMcp: GeneratorInput;
};

/**
 * Builds the inquirer question of one option. `given` contains the values passed as flags, so a
 * default that follows another option (the service name follows the server name) can use them.
 */
export function question(spec: (typeof OPTIONS)[number], directoryName: string, given: Partial<Answers>): Record<string, unknown> {
  const validate = (value: unknown): true | string => {
    try {
      checkValue(spec, value);
      return true;
    } catch (error) {
      return error instanceof OptionError ? error.message : String(error);
    }
  };
  const initial = defaultOf(spec, { directoryName, resolved: given });
  const base = { name: spec.key, message: spec.message, default: initial, validate };
  // A computed default is recomputed from the answers given so far, when inquirer shows the question.
  const followingDefault = typeof spec.defaultValue === 'function'
    ? (answersSoFar: Partial<Answers>) => defaultOf(spec, { directoryName, resolved: { ...given, ...answersSoFar } })
    : initial;

  switch (spec.type) {
    case 'string':
      return { ...base, type: 'input', default: followingDefault };
    case 'integer':
      return { ...base, type: 'number' };
    case 'boolean':
      return { ...base, type: 'confirm' };
    case 'choice':
      return {
        ...base,
        type: 'list',
        choices: spec.choices.map((choice) => ({
          name: spec.unavailable?.[choice] === undefined ? choice : `${choice} (${spec.unavailable[choice]})`,
          value: choice,
          disabled: spec.unavailable?.[choice] !== undefined,
        })),
      };
    case 'list':
      return {
        ...base,
        type: 'checkbox',
        choices: spec.choices.map((choice) => ({ name: choice, value: choice, checked: (base.default as readonly string[]).includes(choice) })),
      };
  }
}

export default class RustMcpGenerator extends Generator<Record<string, never>, Options> {
  private answers: Answers | undefined;
  private staging: string | undefined;
  /** Options the user chose, as flags or answers; .projenrc.ts writes only these. */
  private chosen = new Set<string>();

  // Yeoman runs every public method as a task; helpers start with an underscore so it skips them.
  private get _input(): GeneratorInput {
    return this.options.rustMcp;
  }

  async prompting(): Promise<void> {
    const directoryName = basename(this._input.target);
    let prompted: Record<string, unknown> = {};

    // Without a TTY (or with --yes) yeoman's prompt rejects, so it is not called at all.
    const preset = this._input.preset?.preset;
    if (this._input.interactive) {
      // Values the preset locks are not asked; its defaults are the suggested answers.
      const open = OPTIONS.filter((spec) => spec.advanced !== true && this._input.given[spec.key] === undefined && preset?.locked?.[spec.key] === undefined);
      const questions = open.map((spec) => {
        const asked = question(spec, directoryName, this._input.given);
        const presetDefault = preset?.defaults?.[spec.key];
        return presetDefault === undefined ? asked : { ...asked, default: presetDefault };
      });
      prompted = await this.prompt(questions as never);
    }
    this.chosen = new Set([...Object.keys(prompted), ...Object.keys(this._input.given)]);
    this.answers = resolveWithPreset({ ...prompted, ...this._input.given }, preset, { directoryName });
  }

  writing(): void {
    const answers = this._requireAnswers();
    this.staging = createStaging(this._input.target);
    this.destinationRoot(this.staging);
    this.fs.write(this.destinationPath('package.json'), renderPackageJson(answers, this._input.preset));
    this.fs.write(this.destinationPath('.projenrc.ts'), renderProjenrc(answers, this.chosen, this._input.preset));
  }

  async install(): Promise<void> {
    const staging = this._requireStaging();
    try {
      if (this._input.install) {
        await step('Installing npm dependencies', () => npmInstall(staging));
      }
      await step('Synthesizing project files', () => synthesize(staging, this._input.preset));
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  }

  end(): void {
    const staging = this._requireStaging();
    let conflicts: string[];
    try {
      conflicts = moveIntoPlace(staging, this._input.target, this._input.onConflict);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    if (conflicts.length > 0) {
      const verb = this._input.onConflict === 'skip' ? 'kept the existing' : 'replaced';
      output.warn(`${verb} ${conflicts.length} file(s) already in ${this._input.target}: ${conflicts.join(', ')}`);
    }

    const registryWarning = registryHostWarning(this._requireAnswers().privateRegistry);
    if (registryWarning !== undefined) {
      output.warn(registryWarning);
    }
    if (imagePlatforms(this._requireAnswers().arch).addedCloudRunArchitecture) {
      output.warn('Cloud Run runs linux/amd64 images only, so the image is built for amd64 as well as the architectures you chose');
    }
    output.success(`Created ${this._requireAnswers().name} in ${this._input.target}`);
    output.info(`Next:\n  cd ${this._input.target}\n  cargo run          # serves MCP on http://127.0.0.1:8080/mcp\n  npx projen         # after changing .projenrc.ts`);
  }

  private _requireAnswers(): Answers {
    if (this.answers === undefined) {
      throw new Error('the answers are not resolved yet');
    }
    return this.answers;
  }

  private _requireStaging(): string {
    if (this.staging === undefined) {
      throw new Error('the staging directory is not created yet');
    }
    return this.staging;
  }
}

/** Runs a blocking step under a spinner (on a TTY) and fails with its output when it fails. */
async function step(title: string, action: () => Promise<CommandResult>): Promise<void> {
  const animated = process.stderr.isTTY === true && process.env.CI === undefined;
  const spinner = animated ? ora({ text: title, stream: process.stderr }).start() : undefined;
  if (spinner === undefined) {
    output.info(`${title}...`);
  }

  const result = await action();
  if (result.status !== 0) {
    spinner?.fail(`${title} failed`);
    throw new Error(`${title} failed with exit status ${result.status}:\n${result.output.trim()}`);
  }
  spinner?.succeed(title);
}
