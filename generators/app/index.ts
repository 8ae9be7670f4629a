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
import { type Answers, checkValue, defaultOf, OPTIONS, resolveAnswers } from '../../src/options.js';
import * as output from '../../src/output.js';
import { OptionError } from '../../src/validate.js';

type Options = Generator['options'] & {
  readonly rustMcp: GeneratorInput;
};

/** Builds the inquirer question of one option. */
function question(spec: (typeof OPTIONS)[number], directoryName: string): Record<string, unknown> {
  const validate = (value: unknown): true | string => {
    try {
      checkValue(spec, value);
      return true;
    } catch (error) {
      return error instanceof OptionError ? error.message : String(error);
    }
  };
  const base = { name: spec.key, message: spec.message, default: defaultOf(spec, { directoryName }), validate };

  switch (spec.type) {
    case 'string':
      return { ...base, type: 'input' };
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

  // Yeoman runs every public method as a task; helpers start with an underscore so it skips them.
  private get _input(): GeneratorInput {
    return this.options.rustMcp;
  }

  async prompting(): Promise<void> {
    const directoryName = basename(this._input.target);
    let prompted: Record<string, unknown> = {};

    // Without a TTY (or with --yes) yeoman's prompt rejects, so it is not called at all.
    if (this._input.interactive) {
      const questions = OPTIONS.filter((spec) => this._input.given[spec.key] === undefined).map((spec) => question(spec, directoryName));
      prompted = await this.prompt(questions as never);
    }
    this.answers = resolveAnswers({ ...prompted, ...this._input.given }, { directoryName });
  }

  writing(): void {
    const answers = this._requireAnswers();
    this.staging = createStaging(this._input.target);
    this.destinationRoot(this.staging);
    this.fs.write(this.destinationPath('package.json'), renderPackageJson(answers));
    this.fs.write(this.destinationPath('.projenrc.ts'), renderProjenrc(answers));
  }

  async install(): Promise<void> {
    const staging = this._requireStaging();
    try {
      if (this._input.install) {
        await step('Installing npm dependencies', () => npmInstall(staging));
      }
      await step('Synthesizing project files', () => synthesize(staging));
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  }

  end(): void {
    const staging = this._requireStaging();
    try {
      moveIntoPlace(staging, this._input.target);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
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
