/** Checks of option values. Each failure names the value, the rule it breaks and a fix. */

import validateNpmPackageName from 'validate-npm-package-name';

/** An invalid option value. The message names the option, the value, the reason and a fix. */
export class OptionError extends Error {
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`Invalid ${option} ${JSON.stringify(value)}: ${reason}. To fix it, ${fix}.`);
    this.name = 'OptionError';
  }
}

// Rust keywords of the 2024 edition, strict and reserved: cargo rejects them as package names.
const RUST_KEYWORDS = new Set([
  'as', 'async', 'await', 'break', 'const', 'continue', 'crate', 'dyn', 'else', 'enum', 'extern',
  'false', 'fn', 'for', 'gen', 'if', 'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub',
  'ref', 'return', 'self', 'static', 'struct', 'super', 'trait', 'true', 'type', 'unsafe', 'use',
  'where', 'while', 'abstract', 'become', 'box', 'do', 'final', 'macro', 'override', 'priv',
  'typeof', 'unsized', 'virtual', 'yield', 'try',
]);

// Names cargo refuses for packages: the standard library crates, `test`, and its build directories.
const CARGO_RESERVED = new Set(['std', 'core', 'alloc', 'proc-macro', 'test', 'deps', 'examples', 'build', 'incremental']);

/** Longest name Cloud Run accepts for a service. */
export const MAX_NAME_LENGTH = 49;

/**
 * Checks a server name against every role it plays: Cargo package and binary, npm package of the
 * generated repo, container image and Cloud Run service. Cloud Run is the strictest: lowercase
 * letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most 49 characters.
 */
export function validateName(value: string): void {
  const suggestion = suggestName(value);
  const fix = suggestion !== '' && suggestion !== value ? `use --name ${suggestion}` : 'use a name such as my-mcp-server';

  if (value === '') {
    throw new OptionError('name', value, 'it is empty', fix);
  }
  if (value.length > MAX_NAME_LENGTH) {
    throw new OptionError('name', value, `it has ${value.length} characters and Cloud Run service names allow at most ${MAX_NAME_LENGTH}`, `use a shorter name`);
  }
  if (!/^[a-z]/.test(value)) {
    throw new OptionError('name', value, 'it must start with a lowercase letter (Cloud Run service names and Cargo package names)', fix);
  }
  if (!/^[a-z][a-z0-9-]*$/.test(value)) {
    throw new OptionError('name', value, 'it may contain only lowercase letters, digits and hyphens (Cloud Run service names and container image names)', fix);
  }
  if (value.endsWith('-')) {
    throw new OptionError('name', value, 'it must not end with a hyphen (Cloud Run service names)', fix);
  }
  if (RUST_KEYWORDS.has(value)) {
    throw new OptionError('name', value, 'it is a Rust keyword, which cargo rejects as a package name', `use --name ${value}-server`);
  }
  if (CARGO_RESERVED.has(value)) {
    throw new OptionError('name', value, 'cargo reserves it for the standard library or its build directories', `use --name ${value}-server`);
  }

  const npm = validateNpmPackageName(value);
  if (!npm.validForNewPackages) {
    const problems = [...(npm.errors ?? []), ...(npm.warnings ?? [])].join('; ');
    throw new OptionError('name', value, `it is not a valid npm package name (${problems})`, `use --name ${value}-server`);
  }
}

/** Returns a name close to `value` that passes {@link validateName}'s character rules, or ''. */
export function suggestName(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+/g, '-')
    .replace(/-+$/, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
}

/** Checks a Cloud Run region name such as `us-central1` or `northamerica-northeast2`. */
export function validateRegion(value: string): void {
  if (!/^[a-z]+-[a-z]+[1-9][0-9]?$/.test(value)) {
    throw new OptionError('region', value, 'it is not a GCP region name (lowercase words joined by a hyphen, ending in a number)', 'use a region such as --region us-central1 or --region europe-west1');
  }
}

/**
 * Checks a GCP project ID: 6 to 30 characters, lowercase letters, digits and hyphens, starting
 * with a letter and not ending with a hyphen. An empty value leaves the project to the deploy step.
 */
export function validateGcpProject(value: string): void {
  if (value === '') {
    return;
  }
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(value)) {
    throw new OptionError('gcp-project', value, 'a GCP project ID has 6 to 30 lowercase letters, digits or hyphens, starts with a letter and does not end with a hyphen', 'pass the project ID (not its display name or number) shown by `gcloud projects list`, or leave it empty');
  }
}

/** Returns the Rust identifier of a crate name: hyphens become underscores. */
export function crateIdent(name: string): string {
  return name.replace(/-/g, '_');
}
