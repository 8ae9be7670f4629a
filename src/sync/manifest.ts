/** The manifest that records, per generated file, its class and the hash of what synthesis wrote. */

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FileKind } from './kinds.js';

/** Path of the manifest, relative to the project root. */
export const MANIFEST_PATH = '.projen/create-rust-mcp.json';

/** One generated file as it was last written. */
export interface ManifestEntry {
  readonly kind: FileKind;
  /** SHA-256 of the content synthesis last wrote, in hex. */
  readonly sha256: string;
  /** For merged files: the keys synthesis owns, as dotted paths. */
  readonly owned?: readonly string[];
}

/** The manifest's content. Keys are sorted when written, so an unchanged synthesis leaves it byte-identical. */
export interface Manifest {
  /** Version of create-rust-mcp that last synthesized the repository. */
  readonly version: string;
  /** Upgrade migrations already applied, by id. */
  readonly migrations: readonly string[];
  /** Generated files by path relative to the project root. */
  readonly files: Readonly<Record<string, ManifestEntry>>;
  /** The resolved options of the last synthesis, so the next one can show what changed. */
  readonly answers?: Readonly<Record<string, unknown>>;
  /** The org preset of the last synthesis, if any. */
  readonly preset?: { readonly name: string; readonly version: string };
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Reads the manifest of the project at `root`; a project synthesized for the first time has none. */
export function readManifest(root: string): Manifest | undefined {
  const path = join(root, MANIFEST_PATH);
  if (!existsSync(path)) {
    return undefined;
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`The manifest ${MANIFEST_PATH} is not valid JSON (${(error as Error).message}). Restore it from git, for example with: git checkout -- ${MANIFEST_PATH}`);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as Manifest).files !== 'object') {
    throw new Error(`The manifest ${MANIFEST_PATH} has no "files" object. Restore it from git, for example with: git checkout -- ${MANIFEST_PATH}`);
  }
  const manifest = parsed as Manifest;
  return { version: manifest.version ?? '0.0.0', migrations: manifest.migrations ?? [], files: manifest.files, answers: manifest.answers, preset: manifest.preset };
}

/** Serializes a manifest with sorted file paths and a final newline. */
export function serializeManifest(manifest: Manifest): string {
  const files: Record<string, ManifestEntry> = {};
  for (const path of Object.keys(manifest.files).sort()) {
    const entry = manifest.files[path];
    files[path] = entry.owned === undefined ? { kind: entry.kind, sha256: entry.sha256 } : { kind: entry.kind, sha256: entry.sha256, owned: [...entry.owned] };
  }
  const document = {
    version: manifest.version,
    ...(manifest.preset === undefined ? {} : { preset: manifest.preset }),
    ...(manifest.answers === undefined ? {} : { answers: manifest.answers }),
    migrations: [...manifest.migrations],
    files,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
