/**
 * Versioned migrations: moves of generated files between releases of create-rust-mcp. Each runs
 * once per repository, before synthesis plans the files, and its id is recorded in the manifest.
 */

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { Manifest, ManifestEntry } from './manifest.js';

export interface Migration {
  /** Unique id, recorded in the manifest once applied. */
  readonly id: string;
  /** Release of create-rust-mcp that introduced the move. */
  readonly version: string;
  /** Generated files moved by this release: old path to new path. */
  readonly moves: Readonly<Record<string, string>>;
}

/**
 * The migrations of every release, oldest first. A release that moves a generated file adds an
 * entry here, so a sample the user edited follows the move with its content instead of being
 * orphaned at the old path and written anew at the new one.
 */
export const MIGRATIONS: readonly Migration[] = [];

/** A move that a pending migration makes. */
export interface PendingMove {
  readonly migration: string;
  readonly from: string;
  readonly to: string;
}

/** Lists the moves of the migrations not yet recorded in `manifest`. */
export function pendingMoves(manifest: Manifest | undefined, migrations: readonly Migration[]): PendingMove[] {
  const applied = new Set(manifest?.migrations ?? []);
  const moves: PendingMove[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) {
      continue;
    }
    for (const [from, to] of Object.entries(migration.moves)) {
      moves.push({ migration: migration.id, from, to });
    }
  }
  return moves;
}

/**
 * Applies the pending migrations to the files at `root` and returns the manifest that records
 * them. A repository synthesized for the first time has nothing to migrate, so every migration is
 * only recorded.
 */
export function applyMigrations(root: string, manifest: Manifest | undefined, migrations: readonly Migration[]): Manifest | undefined {
  if (manifest === undefined) {
    return undefined;
  }

  const files: Record<string, ManifestEntry> = { ...manifest.files };
  for (const move of pendingMoves(manifest, migrations)) {
    const entry = files[move.from];
    const source = join(root, move.from);
    const destination = join(root, move.to);
    // Only files synthesis wrote move; a file at the destination is never overwritten.
    if (entry === undefined || !existsSync(source) || existsSync(destination)) {
      continue;
    }
    mkdirSync(dirname(destination), { recursive: true });
    renameSync(source, destination);
    delete files[move.from];
    files[move.to] = entry;
  }

  const applied = [...manifest.migrations];
  for (const migration of migrations) {
    if (!applied.includes(migration.id)) {
      applied.push(migration.id);
    }
  }
  return { ...manifest, migrations: applied, files };
}
