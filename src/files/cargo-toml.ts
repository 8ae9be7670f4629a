/** Cargo.toml, merged: the project type owns the keys listed here and leaves the rest of the file alone. */

import { Component } from 'projen/lib/component.js';

import type { Answers } from '../options.js';
import type { MergeResult, PlannedFile, SyncedComponent } from '../sync/kinds.js';
import type { TomlValue } from '../toml.js';
import { mergeOwnedValues } from './merged-toml.js';
import type { RustMcpProject } from '../project.js';

/** Oldest Rust release that builds the generated crate: rmcp 3 and edition 2024 need 1.88. */
export const RUST_VERSION = '1.88';

/** Dependencies of the generated server, with the versions this release of create-rust-mcp was tested with. */
export const DEPENDENCIES: Readonly<Record<string, TomlValue>> = {
  anyhow: '1',
  axum: '0.8',
  clap: { version: '4', features: ['derive', 'env'] },
  // The MCP endpoint's middleware reads the request body up to a size limit and detects a larger body.
  'http-body-util': '0.1',
  rmcp: { version: '3.11', features: ['server', 'macros', 'transport-io', 'transport-streamable-http-server'] },
  schemars: '1',
  serde: { version: '1', features: ['derive'] },
  serde_json: '1',
  tokio: { version: '1', features: ['rt-multi-thread', 'macros', 'signal', 'net', 'io-std'] },
  'tokio-util': '0.7',
  // Concurrency limit, load shedding and the request timeout of the MCP endpoint.
  tower: { version: '0.5', features: ['limit', 'load-shed', 'timeout', 'util'] },
  tracing: '0.1',
  'tracing-stackdriver': '0.10',
  'tracing-subscriber': { version: '0.3', features: ['env-filter', 'registry'] },
  // Optional: the database features below enable it. rustls, never OpenSSL, so every image
  // variant builds without system TLS libraries.
  sqlx: {
    version: '0.8',
    'default-features': false,
    features: ['runtime-tokio', 'tls-rustls-ring', 'any', 'migrate', 'macros'],
    optional: true,
  },
};

/**
 * Database features: each one compiles one sqlx driver, `full` all of them, and `db` the code
 * they share. The default feature is the database the user chose, none for `none`.
 */
export const DATABASE_FEATURES: Readonly<Record<string, string[]>> = {
  db: ['dep:sqlx'],
  postgres: ['db', 'sqlx/postgres'],
  mysql: ['db', 'sqlx/mysql'],
  sqlite: ['db', 'sqlx/sqlite'],
  full: ['postgres', 'mysql', 'sqlite'],
};

/** Dependencies of the generated tests only. */
export const DEV_DEPENDENCIES: Readonly<Record<string, TomlValue>> = {
  tokio: { version: '1', features: ['rt-multi-thread', 'macros', 'net', 'io-util', 'time'] },
};

/** `release` is tuned for size (the container default); `release-optimized` for speed. */
export const PROFILES: Readonly<Record<string, Record<string, TomlValue>>> = {
  release: { 'opt-level': 'z', lto: 'fat', 'codegen-units': 1, panic: 'abort', strip: true },
  'release-optimized': { inherits: 'release', 'opt-level': 3, lto: 'thin', 'codegen-units': 16 },
};

const HEADER = `# Merged by create-rust-mcp on every synthesis (npx projen). It owns [package] name, description,
# edition and rust-version, the dependencies the server needs, [features] and the release profiles.
# Everything else here (dependencies you add with cargo add, your tables, comments and formatting)
# is left exactly as you wrote it. Change the owned values through the options in .projenrc.ts.
`;

export class CargoToml extends Component implements SyncedComponent {
  readonly path = 'Cargo.toml';

  constructor(
    project: RustMcpProject,
    private readonly answers: Answers,
  ) {
    super(project, 'CargoToml');
  }

  /** Returns every owned key with its value, as [dotted path, value] pairs in file order. */
  ownedValues(): Array<[string[], TomlValue]> {
    const values: Array<[string[], TomlValue]> = [
      [['package', 'name'], this.answers.name],
      [['package', 'edition'], '2024'],
      [['package', 'rust-version'], RUST_VERSION],
      [['package', 'description'], this.answers.description],
    ];
    for (const [name, spec] of Object.entries(DEPENDENCIES)) {
      values.push([['dependencies', name], spec]);
    }
    for (const [name, spec] of Object.entries(DEV_DEPENDENCIES)) {
      values.push([['dev-dependencies', name], spec]);
    }
    values.push([['features', 'default'], this.answers.database === 'none' ? [] : [this.answers.database]]);
    for (const [feature, enables] of Object.entries(DATABASE_FEATURES)) {
      values.push([['features', feature], enables]);
    }
    for (const [profile, settings] of Object.entries(PROFILES)) {
      for (const [key, value] of Object.entries(settings)) {
        values.push([['profile', profile, key], value]);
      }
    }
    return values;
  }

  plan(): PlannedFile {
    return { kind: 'merged', path: this.path, merge: (current, previouslyOwned) => this.merge(current, previouslyOwned) };
  }

  private merge(current: string | undefined, previouslyOwned: readonly string[]): MergeResult {
    return mergeOwnedValues({
      fileName: 'Cargo.toml',
      syntaxHint: 'cargo build shows it too',
      current: current ?? this.initialText(),
      values: this.ownedValues(),
      previouslyOwned,
      combine: (path, value, existing) => (isDependencyTable(path[0]) ? mergeDependency(value, existing) : value),
    });
  }

  /** Returns the file as first written: the tables in their usual order, filled by the merge. */
  private initialText(): string {
    return `${HEADER}[package]
name = ""
version = "0.1.0"
edition = "2024"
rust-version = "${RUST_VERSION}"
description = ""
publish = false

[dependencies]

[dev-dependencies]

[features]

[profile.release]

[profile.release-optimized]
`;
  }
}

function isDependencyTable(table: string | undefined): boolean {
  return table === 'dependencies' || table === 'dev-dependencies';
}

/**
 * Merges a required dependency into what the file has: the version is ours, the features are the
 * union of ours and the user's, and any other key the user set (optional, default-features) stays.
 */
export function mergeDependency(required: TomlValue, existing: TomlValue | undefined): TomlValue {
  const ours = asDependencyTable(required);
  if (existing === undefined) {
    return required;
  }

  const theirs = asDependencyTable(existing);
  const features = [...(ours.features as string[] | undefined ?? [])];
  for (const feature of (theirs.features as string[] | undefined) ?? []) {
    if (!features.includes(feature)) {
      features.push(feature);
    }
  }

  const merged: Record<string, TomlValue> = { ...theirs, version: ours.version };
  if (features.length > 0) {
    merged.features = features;
  }
  const keys = Object.keys(merged);
  return keys.length === 1 && keys[0] === 'version' ? (merged.version as string) : merged;
}

function asDependencyTable(value: TomlValue): Record<string, TomlValue> {
  return typeof value === 'string' ? { version: value } : { ...(value as Record<string, TomlValue>) };
}
