/// <reference path="./toml-edit-js.d.ts" />
/**
 * Format-preserving TOML edits through toml_edit (the crate cargo itself uses), compiled to
 * WebAssembly by @rainbowatcher/toml-edit-js. Comments, key order and formatting outside the
 * edited keys survive byte for byte.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The package's main entry initializes WebAssembly with a top-level await, which `require()` of
// this library cannot load; its `./index` entry is initialized here synchronously instead.
import * as tomlEdit from '@rainbowatcher/toml-edit-js/index';

let initialized = false;

function ensureInitialized(): void {
  if (!initialized) {
    const wasmPath = createRequire(import.meta.url).resolve('@rainbowatcher/toml-edit-js/index_bg.wasm');
    tomlEdit.initSync({ module: readFileSync(wasmPath) });
    initialized = true;
  }
}

/** A TOML value as JavaScript data: tables are plain objects. */
export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

/** Parses TOML text into plain data. Throws with the parser's message on invalid TOML. */
export function parseToml(text: string): Record<string, TomlValue> {
  ensureInitialized();
  return tomlEdit.parse(text) as Record<string, TomlValue>;
}

/**
 * Sets the value at a dotted key path (`dependencies.serde`), or removes the key when `value` is
 * undefined. Tables given as objects are written inline, as `cargo add` writes dependencies.
 */
export function setTomlValue(text: string, path: readonly string[], value: TomlValue | undefined): string {
  ensureInitialized();
  for (const key of path) {
    if (!/^[A-Za-z0-9_-]+$/.test(key)) {
      throw new Error(`TOML key ${JSON.stringify(key)} is not a bare key, which the edit path cannot express`);
    }
  }
  return tomlEdit.edit(text, path.join('.'), value, { finalNewline: true, inline: true });
}
