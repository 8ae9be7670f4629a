/**
 * .cargo/config.toml, merged, written only with a private registry: the project type owns the
 * registry's index URL and credential provider, and every other setting in the file stays the
 * user's. The token never goes here: cargo reads it from the CARGO_REGISTRIES_<NAME>_TOKEN variable
 * or ~/.cargo/credentials.toml.
 */

import { Component } from 'projen/lib/component.js';

import type { MergeResult, PlannedFile, SyncedComponent } from '../sync/kinds.js';
import { parseToml, type TomlValue } from '../toml.js';
import type { PrivateRegistry } from '../validate.js';
import type { RustMcpProject } from '../project.js';
import { CARGO_CONFIG_PATH } from './conventions.js';
import { mergeOwnedValues } from './merged-toml.js';

/**
 * Credential provider that reads the token from CARGO_REGISTRIES_<NAME>_TOKEN or credentials.toml.
 * Cargo requires a configured provider for a registry that needs authentication (the Cargo book,
 * "Registry Authentication"), so without one it fails even with the token variable set.
 */
export const TOKEN_CREDENTIAL_PROVIDER = 'cargo:token';

const HEADER_COMMENT = `# Merged by create-rust-mcp on every synthesis (npx projen). It owns the index URL and the credential
# provider of the private registry set by the privateRegistry option in .projenrc.ts; other settings
# here stay as you write them. Never put the registry token here: cargo reads it from
# CARGO_REGISTRIES_<NAME>_TOKEN or from ~/.cargo/credentials.toml (cargo login --registry NAME), and
# the image build from a build secret.
`;

// The explicit [registries] table carries the comment, so the comment stays when the registry's own
// table is renamed.
const REGISTRIES_HEADER = '[registries]\n';

/**
 * The merged .cargo/config.toml. Without a private registry it owns nothing: after the option is
 * removed, the next synthesis removes the keys it owned, deletes the file when nothing of the
 * user's is left, and stops tracking it.
 */
export class CargoConfigToml extends Component implements SyncedComponent {
  readonly path = CARGO_CONFIG_PATH;

  constructor(
    project: RustMcpProject,
    private readonly registry: PrivateRegistry | undefined,
  ) {
    super(project, 'CargoConfigToml');
  }

  /** Returns the owned keys with their values. */
  ownedValues(): Array<[string[], TomlValue]> {
    if (this.registry === undefined) {
      return [];
    }
    const table = ['registries', this.registry.name];
    return [
      [[...table, 'index'], this.registry.index],
      [[...table, 'credential-provider'], TOKEN_CREDENTIAL_PROVIDER],
    ];
  }

  plan(): PlannedFile {
    return { kind: 'merged', path: this.path, merge: (current, previouslyOwned) => this.merge(current, previouslyOwned) };
  }

  private merge(current: string | undefined, previouslyOwned: readonly string[]): MergeResult {
    if (this.registry === undefined && (current === undefined || previouslyOwned.length === 0)) {
      // Nothing to remove: a file the user wrote without the option is left as it is, untracked.
      return { content: current, owned: [] };
    }

    const merged = mergeOwnedValues({
      fileName: CARGO_CONFIG_PATH,
      syntaxHint: 'cargo build shows it too',
      current: current ?? `${HEADER_COMMENT}${REGISTRIES_HEADER}\n`,
      values: this.ownedValues(),
      previouslyOwned,
      // A credential provider the user chose, such as cargo:libsecret, stays.
      combine: (path, value, existing) => (path[path.length - 1] === 'credential-provider' && typeof existing === 'string' && existing !== '' ? existing : value),
    });
    return this.registry === undefined ? release(merged.content) : merged;
  }
}

/**
 * Returns the file as the user keeps it once the registry is gone: without the comment and the empty
 * [registries] table that synthesis wrote, and deleted when nothing else is left.
 */
function release(content: string): MergeResult {
  let text = content.startsWith(HEADER_COMMENT) ? content.slice(HEADER_COMMENT.length) : content;
  const registries = parseToml(text).registries;
  const empty = typeof registries === 'object' && !Array.isArray(registries) && Object.keys(registries).length === 0;
  if (empty && text.startsWith(REGISTRIES_HEADER)) {
    text = text.slice(REGISTRIES_HEADER.length).replace(/^\n+/, '');
  }
  return text.trim() === '' ? { content: undefined, owned: [] } : { content: text, owned: [] };
}
