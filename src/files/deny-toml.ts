/**
 * deny.toml, merged: the cargo-deny policy that the audit tasks check. License exceptions, accepted
 * advisories and bans are the team's decisions, so the user owns the file; synthesis owns one key,
 * `sources.allow-registry`, and only adds to it the registries the options need.
 */

import { Component } from 'projen/lib/component.js';

import type { Answers } from '../options.js';
import type { MergeResult, PlannedFile, SyncedComponent } from '../sync/kinds.js';
import type { TomlValue } from '../toml.js';
import { parsePrivateRegistry } from '../validate.js';
import type { RustMcpProject } from '../project.js';
import { mergeOwnedValues } from './merged-toml.js';

export const DENY_TOML_PATH = 'deny.toml';

/**
 * SPDX identifiers that the dependencies of every feature set need, each with the crates that need
 * it, from `cargo deny check licenses` on the generated crate with all features. MIT and
 * Apache-2.0 cover most crates.
 */
export const ALLOWED_LICENSES: Readonly<Record<string, string>> = {
  'Apache-2.0': 'rmcp and ring among others, and most crates offer MIT OR Apache-2.0',
  'BSD-2-Clause': 'Inflector, through tracing-stackdriver',
  'BSD-3-Clause': "matchit (axum's router) and subtle",
  'CDLA-Permissive-2.0': "webpki-roots, the Mozilla root certificates of sqlx's rustls",
  ISC: "ring, rustls-webpki and untrusted, the TLS stack of sqlx's rustls",
  MIT: 'axum, hyper, tokio, tower and tracing among others',
  'Unicode-3.0': 'unicode-ident, and the ICU crates behind url',
  Zlib: 'foldhash, through hashbrown in sqlx',
};

/** Index URL of crates.io, as cargo-deny names it in `allow-registry`. */
export const CRATES_IO_INDEX = 'https://github.com/rust-lang/crates.io-index';

/** Key path of the registries cargo-deny accepts crates from: the one key of deny.toml that synthesis owns. */
export const ALLOWED_REGISTRIES_KEY = ['sources', 'allow-registry'] as const;

/** Returns the registry index URLs the options need: crates.io, and the private registry when one is set. */
export function requiredRegistries(answers: Pick<Answers, 'privateRegistry'>): string[] {
  const registry = parsePrivateRegistry(answers.privateRegistry);
  return [CRATES_IO_INDEX, ...(registry === undefined ? [] : [registry.index])];
}

/**
 * Renders deny.toml as a new repository gets it, which `npx projen audit:deny` and
 * `audit:advisories` read. With the privateRegistry option, the private registry's index is
 * allowed beside crates.io.
 */
export function renderDenyToml(answers: Pick<Answers, 'privateRegistry'>): string {
  const registry = parsePrivateRegistry(answers.privateRegistry);
  const registries = requiredRegistries(answers);
  const sourcesComment = registry === undefined
    ? '# Only crates.io: a crate from another registry or from a git repository fails the check.'
    : `# Only crates.io and the private registry ${registry.name}: a crate from another registry or from a
# git repository fails the check.`;

  const width = Math.max(...Object.keys(ALLOWED_LICENSES).map((license) => license.length)) + 3;
  const licenses = Object.entries(ALLOWED_LICENSES)
    .map(([license, crates]) => `    ${`"${license}",`.padEnd(width)} # ${crates}`)
    .join('\n');

  return `# The cargo-deny policy of this server (https://embarkstudios.github.io/cargo-deny/).
# npx projen audit:deny checks licenses, bans and sources against it, and npx projen
# audit:advisories the RustSec advisory database. This file is yours. On every synthesis,
# create-rust-mcp adds to allow-registry the registries that the options in .projenrc.ts need, and
# changes nothing else.

[graph]
# Check the dependencies of every Cargo feature, so that each database driver counts.
all-features = true

[advisories]
# Advisories you accept, each with its reason:
# { id = "RUSTSEC-0000-0000", reason = "the affected function is never called" }
ignore = []

[licenses]
# Licenses accepted for every crate, with the crates that needed them when this server was
# generated. To accept a license for one crate only, add it to exceptions instead:
# { allow = ["MPL-2.0"], crate = "some-crate" }
allow = [
${licenses}
]
confidence-threshold = 0.8
exceptions = []

[licenses.private]
# This server is not published (publish = false) and has no license field, so its own license
# is not checked.
ignore = true

[bans]
# Crates in more than one version are reported and do not fail the check: sqlx 0.8 and
# tracing-stackdriver depend on older versions of crates that rmcp uses too. npx projen
# audit:duplicates shows which dependency brings each version.
multiple-versions = "warn"
# Crates that must not be used: { crate = "openssl-sys", reason = "TLS goes through rustls" }
deny = []

[sources]
${sourcesComment}
unknown-registry = "deny"
unknown-git = "deny"
allow-registry = [${registries.map((url) => JSON.stringify(url)).join(', ')}]
allow-git = []
`;
}

/**
 * Merged deny.toml: appends the registries the options need to `allow-registry` and never removes
 * an entry, so registries the user listed, or that a removed privateRegistry needed, stay. A missing
 * deny.toml is written whole.
 */
export class DenyToml extends Component implements SyncedComponent {
  readonly path = DENY_TOML_PATH;

  constructor(
    project: RustMcpProject,
    private readonly answers: Pick<Answers, 'privateRegistry'>,
  ) {
    super(project, 'DenyToml');
  }

  plan(): PlannedFile {
    return { kind: 'merged', path: this.path, merge: (current, previouslyOwned) => this.merge(current, previouslyOwned) };
  }

  private merge(current: string | undefined, previouslyOwned: readonly string[]): MergeResult {
    return mergeOwnedValues({
      fileName: DENY_TOML_PATH,
      syntaxHint: 'cargo deny check shows it too',
      current: current ?? renderDenyToml(this.answers),
      values: [[[...ALLOWED_REGISTRIES_KEY], requiredRegistries(this.answers)]],
      previouslyOwned,
      combine: (_path, value, existing) => {
        const listed = Array.isArray(existing) ? existing : [];
        const missing = (value as TomlValue[]).filter((url) => !listed.includes(url));
        return [...listed, ...missing];
      },
    });
  }
}
