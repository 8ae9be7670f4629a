/** Merging of owned keys into a TOML file that the user also edits: Cargo.toml, deny.toml and .cargo/config.toml. */

import type { MergeResult } from '../sync/kinds.js';
import { parseToml, setTomlValue, type TomlValue } from '../toml.js';

export interface MergeRequest {
  /** File name for the error message on invalid TOML. */
  readonly fileName: string;
  /** Another tool that reports the syntax error, such as "cargo build shows it too". */
  readonly syntaxHint: string;
  /** Current text of the file, or its initial text when it is missing. */
  readonly current: string;
  /** Owned keys as [key path, value] pairs, in the order new keys are added. */
  readonly values: ReadonlyArray<readonly [readonly string[], TomlValue]>;
  /** Keys the previous synthesis owned, as dotted paths; those no longer owned are removed. */
  readonly previouslyOwned: readonly string[];
  /** Combines an owned value with the file's current one; by default the owned value wins. */
  readonly combine?: (path: readonly string[], value: TomlValue, existing: TomlValue | undefined) => TomlValue;
}

/**
 * Sets every owned key whose value differs, removes keys owned before and no longer, and leaves
 * every other byte of the file as it was. Throws when the file is not valid TOML.
 */
export function mergeOwnedValues(request: MergeRequest): MergeResult & { readonly content: string } {
  let text = request.current;
  try {
    parseToml(text);
  } catch (error) {
    // toml-edit-js throws its parser message as a string, not as an Error.
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${request.fileName} is not valid TOML, so synthesis cannot merge it: ${message.trim()}. Fix the syntax error (${request.syntaxHint}) and run npx projen again.`);
  }

  const owned = request.values.map(([path]) => path.join('.'));
  for (const [path, value] of request.values) {
    const existing = lookup(parseToml(text), path);
    const merged = request.combine === undefined ? value : request.combine(path, value, existing);
    if (!sameValue(existing, merged)) {
      text = setTomlValue(text, path, merged);
    }
  }

  // A key no longer owned is removed, and so is each table below the top level that its removal
  // left empty. NOTE: toml-edit-js 0.6.5 rejects every edit of a top-level key ("path key is
  // empty"), so an emptied top-level table keeps its header.
  const ownedNow = new Set(owned);
  for (const key of request.previouslyOwned) {
    if (ownedNow.has(key)) {
      continue;
    }
    const path = key.split('.');
    text = setTomlValue(text, path, undefined);
    for (let depth = path.length - 1; depth > 1; depth--) {
      const table = lookup(parseToml(text), path.slice(0, depth));
      if (!isEmptyTable(table)) {
        break;
      }
      text = setTomlValue(text, path.slice(0, depth), undefined);
    }
  }
  return { content: text, owned };
}

function lookup(document: Record<string, TomlValue>, path: readonly string[]): TomlValue | undefined {
  let node: TomlValue | undefined = document;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      return undefined;
    }
    node = (node as Record<string, TomlValue>)[key];
  }
  return node;
}

function isEmptyTable(value: TomlValue | undefined): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** Compares two TOML values as data, ignoring key order in tables. */
function sameValue(a: TomlValue | undefined, b: TomlValue | undefined): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return a === b;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => sameValue(a[key], (b as Record<string, TomlValue>)[key]));
}
