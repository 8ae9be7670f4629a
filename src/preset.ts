/**
 * Org presets: an npm package (or a package directory) whose main module exports the defaults and
 * rules of an organization. The generated .projenrc.ts imports it, so every synthesis enforces it,
 * and upgrading the package brings its new defaults like an upgrade of create-rust-mcp.
 */

import { OPTIONS, type Answers, type DefaultsContext, type OptionSpec, checkValue, resolveAnswers } from './options.js';
import { OptionError, validateRegistryTokenSecretUse } from './validate.js';

/** The content of a preset. */
export interface Preset {
  /** Name shown in error messages, usually the package name. */
  readonly name: string;
  /** Version of the preset, recorded in the manifest of each repository. */
  readonly version: string;
  /** Defaults that replace the schema's defaults; a user may still choose other values. */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** Values fixed by the preset; a user value that differs is an error. */
  readonly locked?: Readonly<Record<string, unknown>>;
  /** For choice and list options: the only values allowed. */
  readonly allowed?: Readonly<Record<string, readonly string[]>>;
  /** For integer options: the smallest value allowed. */
  readonly minimum?: Readonly<Record<string, number>>;
}

const PRESET_KEYS = new Set(['name', 'version', 'defaults', 'locked', 'allowed', 'minimum']);

function specOf(key: string, presetName: string, section: string): OptionSpec {
  const spec = OPTIONS.find((candidate) => candidate.key === key);
  if (spec === undefined) {
    throw new OptionError(`preset ${presetName} ${section}.${key}`, key, 'it is not an option of create-rust-mcp', `use one of: ${OPTIONS.map((option) => option.key).join(', ')}`);
  }
  return spec;
}

/** Checks the shape and values of a loaded preset, naming `source` in errors. */
export function checkPreset(value: unknown, source: string): Preset {
  if (typeof value !== 'object' || value === null) {
    throw new OptionError('preset', source, 'its main module does not export an object', 'export { name, version, defaults, locked, allowed, minimum }');
  }
  const preset = value as Record<string, unknown>;
  for (const key of Object.keys(preset)) {
    if (!PRESET_KEYS.has(key)) {
      throw new OptionError('preset', source, `it has an unknown key ${JSON.stringify(key)}`, `use only ${[...PRESET_KEYS].join(', ')}`);
    }
  }
  if (typeof preset.name !== 'string' || preset.name === '' || typeof preset.version !== 'string' || preset.version === '') {
    throw new OptionError('preset', source, 'it needs a non-empty name and version', 'export name and version strings (the package name and version)');
  }
  const name = preset.name;

  for (const section of ['defaults', 'locked'] as const) {
    for (const [key, optionValue] of Object.entries((preset[section] as Record<string, unknown> | undefined) ?? {})) {
      checkValue(specOf(key, name, section), optionValue);
    }
  }
  for (const [key, values] of Object.entries((preset.allowed as Record<string, unknown> | undefined) ?? {})) {
    const spec = specOf(key, name, 'allowed');
    if ((spec.type !== 'choice' && spec.type !== 'list') || !Array.isArray(values) || values.length === 0) {
      throw new OptionError(`preset ${name} allowed.${key}`, values, 'allowed lists apply to choice and list options and need at least one value', 'list values from the option choices');
    }
    for (const item of values) {
      if (!spec.choices.includes(item as string)) {
        throw new OptionError(`preset ${name} allowed.${key}`, item, `it is not one of ${spec.choices.join(', ')}`, 'list values from the option choices');
      }
    }
  }
  for (const [key, minimum] of Object.entries((preset.minimum as Record<string, unknown> | undefined) ?? {})) {
    const spec = specOf(key, name, 'minimum');
    if (spec.type !== 'integer' || typeof minimum !== 'number' || !Number.isInteger(minimum)) {
      throw new OptionError(`preset ${name} minimum.${key}`, minimum, 'minimums apply to whole-number options', 'give a whole number');
    }
  }
  return preset as unknown as Preset;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Resolves answers under a preset, or without one: the preset's defaults and locked values replace
 * the schema's defaults, then every rule is checked. Throws {@link OptionError} naming the preset
 * and the rule.
 */
export function resolveWithPreset(given: Readonly<Record<string, unknown>>, preset: Preset | undefined, context: DefaultsContext): Answers {
  const answers = preset === undefined ? resolveAnswers(given, context) : resolveUnderPreset(given, preset, context);
  // Only the options as given count: a preset's default secret is no error where no registry is set.
  validateRegistryTokenSecretUse(given.registryTokenSecret, answers.privateRegistry);
  return answers;
}

function resolveUnderPreset(given: Readonly<Record<string, unknown>>, preset: Preset, context: DefaultsContext): Answers {
  for (const [key, locked] of Object.entries(preset.locked ?? {})) {
    if (given[key] !== undefined && !sameValue(checkValue(specOf(key, preset.name, 'locked'), given[key]), checkValue(specOf(key, preset.name, 'locked'), locked))) {
      throw new OptionError(key, given[key], `preset ${preset.name} locks ${key} to ${JSON.stringify(locked)}`, `remove ${key} from your options or set it to ${JSON.stringify(locked)}`);
    }
  }

  const answers = resolveAnswers({ ...preset.defaults, ...given, ...preset.locked }, context);

  for (const [key, allowed] of Object.entries(preset.allowed ?? {})) {
    const value = answers[key as keyof Answers];
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (!allowed.includes(item as string)) {
        throw new OptionError(key, item, `preset ${preset.name} allows only ${allowed.join(', ')}`, `use one of: ${allowed.join(', ')}`);
      }
    }
  }
  for (const [key, minimum] of Object.entries(preset.minimum ?? {})) {
    const value = answers[key as keyof Answers] as unknown as number;
    if (value < minimum) {
      throw new OptionError(key, value, `preset ${preset.name} requires at least ${minimum}`, `use ${minimum} or more`);
    }
  }
  return answers;
}
