/**
 * .cargo/config.toml, merged, written only with a private registry: the project type owns the
 * registry's index URL, and every other setting in the file stays the user's. The token never goes
 * here: cargo reads it from the CARGO_REGISTRIES_<NAME>_TOKEN variable or ~/.cargo/credentials.toml.
 */

import { Component } from 'projen/lib/component.js';

import type { MergeResult, PlannedFile, SyncedComponent } from '../sync/kinds.js';
import type { TomlValue } from '../toml.js';
import type { PrivateRegistry } from '../validate.js';
import type { RustMcpProject } from '../project.js';
import { CARGO_CONFIG_PATH } from './conventions.js';
import { mergeOwnedValues } from './merged-toml.js';

const HEADER = `# Merged by create-rust-mcp on every synthesis (npx projen). It owns the index URL of the private
# registry set by the privateRegistry option in .projenrc.ts; other settings here stay as you write them.
# Never put the registry token here: cargo reads it from CARGO_REGISTRIES_<NAME>_TOKEN or from
# ~/.cargo/credentials.toml (cargo login --registry NAME), and the image build from a build secret.
`;

export class CargoConfigToml extends Component implements SyncedComponent {
  readonly path = CARGO_CONFIG_PATH;

  constructor(
    project: RustMcpProject,
    private readonly registry: PrivateRegistry,
  ) {
    super(project, 'CargoConfigToml');
  }

  /** Returns the owned keys with their values. */
  ownedValues(): Array<[string[], TomlValue]> {
    return [[['registries', this.registry.name, 'index'], this.registry.index]];
  }

  plan(): PlannedFile {
    return { kind: 'merged', path: this.path, merge: (current, previouslyOwned) => this.merge(current, previouslyOwned) };
  }

  private merge(current: string | undefined, previouslyOwned: readonly string[]): MergeResult {
    return mergeOwnedValues({
      fileName: CARGO_CONFIG_PATH,
      syntaxHint: 'cargo build shows it too',
      current: current ?? `${HEADER}\n[registries.${this.registry.name}]\nindex = ""\n`,
      values: this.ownedValues(),
      previouslyOwned,
    });
  }
}
