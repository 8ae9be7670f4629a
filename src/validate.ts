/** Checks of option values. Each failure names the value, the rule it breaks and a fix. */

import { isIP } from 'node:net';

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

/** Checks a Cloud Run service name: the Cloud Run rules of {@link validateName}, without the Cargo and npm ones. */
export function validateServiceName(value: string): void {
  const suggestion = suggestName(value);
  const fix = suggestion !== '' && suggestion !== value ? `use --service-name ${suggestion}` : 'use a name such as my-mcp-server';

  if (value === '') {
    throw new OptionError('service-name', value, 'it is empty', 'pass a service name, or leave the option out to use the server name');
  }
  if (value.length > MAX_NAME_LENGTH) {
    throw new OptionError('service-name', value, `it has ${value.length} characters and Cloud Run service names allow at most ${MAX_NAME_LENGTH}`, 'use a shorter name');
  }
  if (!/^[a-z][a-z0-9-]*$/.test(value) || value.endsWith('-')) {
    throw new OptionError('service-name', value, 'Cloud Run service names contain only lowercase letters, digits and hyphens, start with a letter and do not end with a hyphen', fix);
  }
}

/** Checks an Artifact Registry repository ID: lowercase letters, digits and hyphens, starting with a letter, ending with a letter or digit, at most 63 characters. */
export function validateArtifactRepository(value: string): void {
  if (!/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) {
    throw new OptionError('artifact-repository', value, 'an Artifact Registry repository ID has 1 to 63 lowercase letters, digits or hyphens, starts with a letter and ends with a letter or digit', 'pass the repository ID shown by `gcloud artifacts repositories list`, such as --artifact-repository mcp-servers');
  }
}

/** Smallest memory limit of the second generation execution environment, in MiB. */
export const MIN_MEMORY_MIB = 512;

/** Largest memory limit of a Cloud Run instance, in MiB (32 GiB, with 8 CPUs). */
export const MAX_MEMORY_MIB = 32 * 1024;

/** Returns the MiB of a Cloud Run memory limit such as `512Mi` or `2Gi`, or undefined when it has another form. */
export function memoryMebibytes(value: string): number | undefined {
  const match = /^([1-9][0-9]*)(Mi|Gi)$/.exec(value);
  if (match === null) {
    return undefined;
  }
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

/** Checks a Cloud Run memory limit on its own; {@link validateCpuMemory} checks it against the CPU. */
export function validateMemory(value: string): void {
  const mebibytes = memoryMebibytes(value);
  if (mebibytes === undefined) {
    throw new OptionError('memory', value, 'it is not a memory size in Mi or Gi, such as 512Mi or 2Gi', 'pass --memory 512Mi');
  }
  if (mebibytes < MIN_MEMORY_MIB) {
    throw new OptionError('memory', value, `the second generation execution environment of Cloud Run needs at least ${MIN_MEMORY_MIB}Mi`, `pass --memory ${MIN_MEMORY_MIB}Mi or more`);
  }
  if (mebibytes > MAX_MEMORY_MIB) {
    throw new OptionError('memory', value, 'Cloud Run allows at most 32Gi', 'pass --memory 32Gi or less');
  }
}

/**
 * Memory limits Cloud Run accepts for each whole CPU count, in MiB, from the vCPU and memory table
 * of the Cloud Run documentation ("Configure CPU limits").
 */
export const MEMORY_RANGE_BY_CPU: Readonly<Record<string, readonly [number, number]>> = {
  '1': [128, 4 * 1024],
  '2': [128, 8 * 1024],
  '4': [2 * 1024, 16 * 1024],
  '6': [4 * 1024, 24 * 1024],
  '8': [4 * 1024, 32 * 1024],
};

/** Checks that Cloud Run accepts the memory limit together with the CPU limit. */
export function validateCpuMemory(cpu: string, memory: string): void {
  const range = MEMORY_RANGE_BY_CPU[cpu];
  const mebibytes = memoryMebibytes(memory);
  if (range === undefined || mebibytes === undefined) {
    return;
  }

  const [least, most] = range;
  if (mebibytes < least) {
    const smaller = Object.keys(MEMORY_RANGE_BY_CPU).filter((count) => MEMORY_RANGE_BY_CPU[count][0] <= mebibytes);
    throw new OptionError('memory', memory, `Cloud Run needs at least ${formatMebibytes(least)} with --cpu ${cpu}`, `pass --memory ${formatMebibytes(least)} or more, or --cpu ${smaller[smaller.length - 1]}`);
  }
  if (mebibytes > most) {
    const larger = Object.keys(MEMORY_RANGE_BY_CPU).find((count) => MEMORY_RANGE_BY_CPU[count][1] >= mebibytes);
    throw new OptionError('memory', memory, `Cloud Run allows at most ${formatMebibytes(most)} with --cpu ${cpu}`, `pass --memory ${formatMebibytes(most)} or less, or --cpu ${larger ?? '8'}`);
  }
}

function formatMebibytes(mebibytes: number): string {
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}

/** Checks that the minimum instance count does not exceed the maximum. */
export function validateScaling(minInstances: number, maxInstances: number): void {
  if (minInstances > maxInstances) {
    throw new OptionError('min-instances', minInstances, `it is more than --max-instances ${maxInstances}`, `pass --min-instances ${maxInstances} or less, or raise --max-instances`);
  }
}

/**
 * Checks a Cloud SQL instance connection name, `PROJECT:REGION:INSTANCE`. An empty value means the
 * service connects to no Cloud SQL instance.
 */
export function validateCloudSqlInstance(value: string): void {
  if (value === '') {
    return;
  }
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]:[a-z]+-[a-z]+[1-9][0-9]?:[a-z]([a-z0-9-]{0,96}[a-z0-9])?$/.test(value)) {
    throw new OptionError('cloud-sql-instance', value, 'it is not a Cloud SQL connection name of the form PROJECT:REGION:INSTANCE', "copy it from `gcloud sql instances describe INSTANCE --format='value(connectionName)'`, such as --cloud-sql-instance my-project:us-central1:my-db");
  }
}

/** Checks that a Cloud SQL instance is only given with a database that Cloud SQL serves. */
export function validateCloudSqlDatabase(database: string, cloudSqlInstance: string): void {
  if (cloudSqlInstance !== '' && database !== 'postgres' && database !== 'mysql') {
    throw new OptionError('cloud-sql-instance', cloudSqlInstance, `a Cloud SQL instance serves a postgres or mysql database, and --database is ${database}`, 'pass --database postgres or --database mysql, or leave --cloud-sql-instance out');
  }
}

/**
 * Checks the e-mail of the service account the Cloud Run service runs as: a user-managed account
 * (`NAME@PROJECT.iam.gserviceaccount.com`) or the Compute Engine default account. Empty leaves the
 * choice to Cloud Run, which uses the Compute Engine default account.
 */
export function validateServiceAccount(value: string): void {
  if (value === '') {
    return;
  }
  const userManaged = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;
  const computeDefault = /^[0-9]+-compute@developer\.gserviceaccount\.com$/;
  if (!userManaged.test(value) && !computeDefault.test(value)) {
    throw new OptionError('service-account', value, 'it is not the e-mail of a service account, such as mcp-server@my-project.iam.gserviceaccount.com', 'pass the e-mail shown by `gcloud iam service-accounts list`, or leave the option out');
  }
}

/** One label of a lowercase host name, for the patterns of the host and origin options. */
const HOST_LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';

/** Returns whether `text` is a TCP port number, 1 to 65535, without leading zeros. */
function isPort(text: string): boolean {
  return /^[1-9][0-9]{0,4}$/.test(text) && Number(text) <= 65535;
}

const ORIGINS_FIX = 'pass origins separated by commas and no spaces, such as --allowed-origins https://app.example.com';

/**
 * Checks the browser origins the MCP endpoint accepts: comma-separated `https://HOST` or
 * `http://HOST` values, each with an optional port from 1 to 65535 or `:*` for any port, such as
 * `https://app.example.com,http://localhost:*`. Host names are lowercase, as browsers send them.
 * Empty accepts no browser request.
 */
export function validateAllowedOrigins(value: string): void {
  if (value === '') {
    return;
  }
  for (const item of value.split(',')) {
    const reason = originProblem(item);
    if (reason !== undefined) {
      throw new OptionError('allowed-origins', item, reason, ORIGINS_FIX);
    }
  }
}

/** Returns why `item` is not an origin the server can match, or undefined when it is one. */
function originProblem(item: string): string | undefined {
  if (item === '') {
    return 'it is an empty entry, from a comma at the start or end or two commas in a row';
  }
  if (/\s/.test(item)) {
    return 'it contains a space';
  }
  const match = /^(https?):\/\/([^/:?#]*)(?::([^/?#]*))?(.*)$/.exec(item);
  if (match === null) {
    return 'it does not start with http:// or https://';
  }
  if (item.includes('://[')) {
    return 'it names an IPv6 address, which this option does not take';
  }
  const [, , host, port, rest] = match;
  if (rest !== '') {
    return `it has ${JSON.stringify(rest)} after the host and port, and an origin ends at the port`;
  }
  if (host !== host.toLowerCase()) {
    return `browsers send host names in lowercase, so write ${JSON.stringify(item.replace(host, host.toLowerCase()))}`;
  }
  if (!new RegExp(`^${HOST_LABEL}(\\.${HOST_LABEL})*$`).test(host)) {
    return `the host ${JSON.stringify(host)} is not a host name or IPv4 address`;
  }
  if (port !== undefined && port !== '*' && !isPort(port)) {
    return `the port ${JSON.stringify(port)} is not a number from 1 to 65535 or *`;
  }
  return undefined;
}

/**
 * Returns the origins as the server matches them: an entry without a port gets the default port
 * of its scheme (443 or 80), the port a browser means when it leaves it out. rmcp 3.11 matches an
 * entry without a port against any port, warns about it at start, and documents that a later
 * release will match it against the default port only.
 */
export function originsWithPorts(value: string): string {
  if (value === '') {
    return '';
  }
  return value
    .split(',')
    .map((item) => (/:\/\/[^:]*$/.test(item) ? `${item}:${item.startsWith('https:') ? 443 : 80}` : item))
    .join(',');
}

/**
 * Checks extra `Host` values for the MCP endpoint: comma-separated host names, each optionally
 * with a port, such as `mcp.example.com,my-svc-abc123-uc.a.run.app`. Empty adds none.
 */
export function validateAllowedHosts(value: string): void {
  if (value === '') {
    return;
  }
  const host = new RegExp(`^${HOST_LABEL}(\\.${HOST_LABEL})+(:[0-9]+)?$`);
  const fix = 'pass host names separated by commas and no spaces, such as --allowed-hosts mcp.example.com';
  for (const item of value.split(',')) {
    if (!host.test(item)) {
      throw new OptionError('allowed-hosts', item, 'it is not a lowercase host name with at least one dot, without a scheme or path', fix);
    }
    const port = item.split(':')[1];
    if (port !== undefined && !isPort(port)) {
      throw new OptionError('allowed-hosts', item, `its port ${port} is not a number from 1 to 65535`, fix);
    }
  }
}

/** A private cargo registry: the name Cargo.toml dependencies give as `registry = "NAME"`, and its sparse index URL. */
export interface PrivateRegistry {
  readonly name: string;
  readonly index: string;
}

/**
 * Parses `NAME=sparse+https://HOST/PATH/`, or returns undefined for the empty value. Only sparse
 * indexes are accepted, because cargo sends the registry token only to sparse registries that
 * require authentication. A git index needs git credentials instead.
 */
export function parsePrivateRegistry(value: string): PrivateRegistry | undefined {
  if (value === '') {
    return undefined;
  }
  const separator = value.indexOf('=');
  if (separator === -1) {
    throw new OptionError('private-registry', value, 'it has no "=" between the registry name and its index URL', REGISTRY_FIX);
  }

  const name = value.slice(0, separator);
  const index = value.slice(separator + 1);
  checkRegistryName(value, name);
  checkRegistryIndex(value, name, index);
  return { name, index };
}

/**
 * Returns a warning when the index host of the privateRegistry option is an IPv4 address, or
 * undefined. Cargo accepts such a registry, but cargo-deny 0.20.2 parses a crate's source URL with
 * its `sparse+https` scheme, where an IPv4 host stays a name, and the `allow-registry` entry with
 * `https`, where it becomes an address. The two never match, so `audit:deny` fails with
 * `source-not-allowed` for every crate of that registry.
 */
export function registryHostWarning(privateRegistry: string): string | undefined {
  const registry = parsePrivateRegistry(privateRegistry);
  if (registry === undefined) {
    return undefined;
  }
  const host = indexUrl(registry.index).hostname;
  if (isIP(host) !== 4) {
    return undefined;
  }
  return `the index of private registry ${registry.name} names the IPv4 address ${host}: cargo accepts it, but audit:deny (cargo-deny 0.20.2) fails with source-not-allowed for its crates. Give the registry a host name to keep audit:deny passing`;
}

/** Parses the URL after the `sparse+` prefix of a sparse index. Throws a TypeError when it is no URL. */
function indexUrl(index: string): URL {
  return new URL(index.replace(/^sparse\+/, ''));
}

const REGISTRY_FIX = 'pass --private-registry NAME=sparse+https://HOST/PATH/, such as acme=sparse+https://cargo.acme.example/index/';

function checkRegistryName(value: string, name: string): void {
  // Cargo turns the name into the variable CARGO_REGISTRIES_<NAME>_TOKEN, so it keeps to letters, digits, - and _.
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) {
    throw new OptionError('private-registry', value, `the registry name ${JSON.stringify(name)} must start with a letter and contain only letters, digits, "-" and "_"`, REGISTRY_FIX);
  }
  if (name === 'crates-io') {
    throw new OptionError('private-registry', value, 'crates-io is the name of the public registry', REGISTRY_FIX);
  }
}

function checkRegistryIndex(value: string, name: string, index: string): void {
  if (/[\s"'\\$`]/.test(index)) {
    throw new OptionError('private-registry', value, 'the index URL contains a space, quote, backslash, "$" or backtick', REGISTRY_FIX);
  }
  let url: URL;
  try {
    url = indexUrl(index);
  } catch {
    throw new OptionError('private-registry', value, `the index ${JSON.stringify(index)} is not a URL`, REGISTRY_FIX);
  }
  if (!index.startsWith('sparse+https://') || url.protocol !== 'https:') {
    throw new OptionError('private-registry', value, `the index ${JSON.stringify(index)} is not a sparse index over HTTPS (sparse+https://), the only kind cargo sends a token to`, REGISTRY_FIX);
  }
  // The URL parser reads sparse+https:///index/ as the host "index"; cargo would not.
  if (!/^sparse\+https:\/\/[^/]/.test(index)) {
    throw new OptionError('private-registry', value, `the index ${JSON.stringify(index)} has no host after "https://"`, REGISTRY_FIX);
  }

  // The URL lands in committed files (.cargo/config.toml, deny.toml, .projenrc.ts).
  if (url.username !== '' || url.password !== '') {
    throw new OptionError('private-registry', value, 'the index URL contains credentials, which would be committed with .cargo/config.toml', 'remove the user and password from the URL; cargo sends the registry token from CARGO_REGISTRIES_<NAME>_TOKEN instead');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new OptionError('private-registry', value, 'the index URL has a query or fragment, which a sparse index URL does not take', REGISTRY_FIX);
  }
  if (!index.endsWith('/')) {
    throw new OptionError('private-registry', value, `the sparse index URL ${JSON.stringify(index)} does not end with "/", which cargo requires`, `add the trailing slash: --private-registry ${name}=${index}/`);
  }
}

/** Checks the value of the private registry option; see {@link parsePrivateRegistry}. */
export function validatePrivateRegistry(value: string): void {
  parsePrivateRegistry(value);
}

/** Returns the environment variable cargo reads the registry's token from. */
export function registryTokenVariable(registryName: string): string {
  return `CARGO_REGISTRIES_${registryName.toUpperCase().replace(/-/g, '_')}_TOKEN`;
}

/** Checks a Secret Manager secret ID: letters, digits, "-" and "_", at most 255 characters. */
export function validateSecretId(value: string): void {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(value)) {
    throw new OptionError('registry-token-secret', value, 'a Secret Manager secret ID has 1 to 255 letters, digits, "-" or "_"', 'pass --registry-token-secret cargo-registry-token');
  }
}

/**
 * Rejects a registry token secret given without a private registry: the secret would be named in
 * no file, so the option that was meant to take effect would not.
 */
export function validateRegistryTokenSecretUse(givenSecret: unknown, privateRegistry: string): void {
  if (givenSecret !== undefined && privateRegistry === '') {
    throw new OptionError(
      'registry-token-secret',
      givenSecret,
      'it names the Secret Manager secret of the private registry token, and no private registry is set',
      'pass --private-registry NAME=sparse+https://HOST/PATH/ as well, or drop --registry-token-secret',
    );
  }
}

/** Checks that UPX compression is only asked for the scratch image, the one image it is offered for. */
export function validateUpxBaseImage(upx: boolean, baseImage: string): void {
  if (upx && baseImage !== 'scratch') {
    throw new OptionError(
      'upx',
      true,
      `UPX compresses the binary of the scratch image only, and the base image is ${baseImage}, whose own files outweigh the binary`,
      'pass --base-image scratch with --upx, or drop --upx',
    );
  }
}
