/**
 * deny.toml, a sample: the cargo-deny policy that the audit tasks check. It is written once, and
 * then the user owns it, because license exceptions, accepted advisories and bans are the team's
 * decisions.
 */

import type { Answers } from '../options.js';
import { SampleFile } from '../sync/kinds.js';
import { parsePrivateRegistry } from '../validate.js';
import type { RustMcpProject } from '../project.js';

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

/**
 * Renders deny.toml, which `npx projen audit:deny` and `audit:advisories` read. With the
 * privateRegistry option, the private registry's index is allowed beside crates.io.
 */
export function renderDenyToml(answers: Pick<Answers, 'privateRegistry'>): string {
  const registry = parsePrivateRegistry(answers.privateRegistry);
  // NOTE: cargo-deny 0.20.2 accepts this entry, but no test resolves a crate from a private
  // registry, so the match of the URL against such a crate's source is untested.
  const registries = [CRATES_IO_INDEX, ...(registry === undefined ? [] : [registry.index])];
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
# audit:advisories the RustSec advisory database. create-rust-mcp wrote this file once. It is
# yours, and synthesis never changes it.

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

export function addDenyToml(project: RustMcpProject, answers: Answers): SampleFile {
  return new SampleFile(project, DENY_TOML_PATH, renderDenyToml(answers));
}
