/**
 * Writes planned files according to their class and the manifest, so that synthesis never
 * overwrites or deletes a byte the user wrote. The same plan serves the preview and drift check,
 * which write nothing.
 */

import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { createTwoFilesPatch } from 'diff';

import type { FileKind, PlannedFile } from './kinds.js';
import { MANIFEST_PATH, type Manifest, type ManifestEntry, serializeManifest, sha256 } from './manifest.js';

/** What synthesis does to one file. */
export type ActionType =
  /** Write a file that does not exist yet. */
  | 'create'
  /** Rewrite a file whose content is out of date. */
  | 'update'
  /** Delete a file that synthesis no longer produces and nobody edited. */
  | 'delete'
  /** Leave the file as it is. */
  | 'keep'
  /** Leave a managed file that was edited by hand, or a path synthesis does not own; reported. */
  | 'conflict';

export interface Action {
  readonly type: ActionType;
  readonly path: string;
  readonly kind: FileKind;
  /** Content on disk before synthesis, if the file exists. */
  readonly before: string | undefined;
  /** Content after synthesis; undefined for deletions. */
  readonly after: string | undefined;
  readonly executable: boolean;
  /** Why the file is kept or in conflict, for the report. */
  readonly reason?: string;
  /** For merged files: the keys synthesis owns after this action. */
  readonly owned?: readonly string[];
}

export interface Plan {
  readonly actions: readonly Action[];
  /** The manifest that applying the plan writes. */
  readonly manifest: Manifest;
}

/** Computes what synthesis does to each file, without touching the disk. */
export function planSync(root: string, planned: readonly PlannedFile[], previous: Manifest | undefined, version: string): Plan {
  const actions: Action[] = [];
  const files: Record<string, ManifestEntry> = {};
  const known = previous?.files ?? {};

  for (const file of planned) {
    const before = readOptional(join(root, file.path));
    const entry = known[file.path];
    const action = planFile(file, before, entry);
    actions.push(action);

    const recorded = recordedEntry(action, entry);
    if (recorded !== undefined) {
      files[file.path] = recorded;
    }
  }

  const plannedPaths = new Set(planned.map((file) => file.path));
  for (const [path, entry] of Object.entries(known)) {
    if (plannedPaths.has(path)) {
      continue;
    }
    const action = planOrphan(path, entry, readOptional(join(root, path)));
    actions.push(action);
    if (action.type === 'conflict') {
      files[path] = entry;
    }
  }

  return { actions, manifest: { version, migrations: previous?.migrations ?? [], files } };
}

function planFile(file: PlannedFile, before: string | undefined, entry: ManifestEntry | undefined): Action {
  const base = { path: file.path, kind: file.kind, before };

  switch (file.kind) {
    case 'managed': {
      const executable = file.executable;
      if (before === undefined) {
        return { ...base, type: 'create', after: file.content, executable };
      }
      if (before === file.content) {
        return { ...base, type: 'keep', after: before, executable };
      }
      if (entry === undefined) {
        return {
          ...base, type: 'conflict', after: file.content, executable,
          reason: 'the file exists but synthesis did not write it. Move it away (or delete it) and run synthesis again to let the generated version take its place',
        };
      }
      if (entry.sha256 !== sha256(before)) {
        return {
          ...base, type: 'conflict', after: file.content, executable,
          reason: 'it is generated, and it was edited by hand. Make the change through the options in .projenrc.ts, then delete the file and run synthesis again to regenerate it',
        };
      }
      return { ...base, type: 'update', after: file.content, executable };
    }

    case 'merged': {
      const merged = file.merge(before, entry?.owned ?? []);
      const after = merged.content;
      const type = before === undefined ? 'create' : before === after ? 'keep' : 'update';
      return { ...base, type, after, executable: false, owned: merged.owned };
    }

    case 'sample': {
      if (entry !== undefined) {
        const reason = before === undefined ? 'sample deleted by the user stays deleted' : 'sample files belong to the user after the first synthesis';
        return { ...base, type: 'keep', after: before, executable: file.executable, reason };
      }
      if (before !== undefined) {
        return { ...base, type: 'keep', after: before, executable: file.executable, reason: 'the file existed before synthesis, so it is left as it is' };
      }
      return { ...base, type: 'create', after: file.content, executable: file.executable };
    }
  }
}

function planOrphan(path: string, entry: ManifestEntry, before: string | undefined): Action {
  const base = { path, kind: entry.kind, before, after: undefined, executable: false };
  if (before === undefined) {
    return { ...base, type: 'keep', reason: 'no longer generated and already gone' };
  }
  if (entry.kind !== 'merged' && sha256(before) === entry.sha256) {
    return { ...base, type: 'delete' };
  }
  return {
    ...base, type: 'conflict', after: before,
    reason: 'synthesis no longer produces it, and it was changed after generation. Delete it yourself if you no longer need it',
  };
}

/** The manifest entry of a file after the action, or undefined when the file is no longer tracked. */
function recordedEntry(action: Action, previous: ManifestEntry | undefined): ManifestEntry | undefined {
  if (action.type === 'conflict') {
    return previous;
  }
  if (action.kind === 'sample' && action.type === 'keep') {
    // A sample stays recorded with the hash it was generated with, so a later orphan check can tell
    // whether the user changed it; one adopted from disk is recorded as found.
    return previous ?? { kind: 'sample', sha256: sha256(action.after ?? '') };
  }
  const entry: ManifestEntry = { kind: action.kind, sha256: sha256(action.after ?? '') };
  return action.owned === undefined ? entry : { ...entry, owned: action.owned };
}

/** Writes the plan to disk: files first, the manifest last. */
export function applyPlan(root: string, plan: Plan): void {
  for (const action of plan.actions) {
    const path = join(root, action.path);

    if (action.type === 'delete') {
      rmSync(path, { force: true });
      continue;
    }
    if (action.type === 'create' || action.type === 'update') {
      writeFile(path, action.after ?? '', modeOf(action));
      continue;
    }
    if (action.type === 'keep' && action.kind === 'managed' && existsSync(path)) {
      // A managed file with the right content but the wrong mode is repaired quietly.
      const mode = modeOf(action);
      if ((statSync(path).mode & 0o777) !== mode) {
        chmodSync(path, mode);
      }
    }
  }

  const manifestPath = join(root, MANIFEST_PATH);
  const serialized = serializeManifest(plan.manifest);
  if (readOptional(manifestPath) !== serialized) {
    writeFile(manifestPath, serialized, 0o644);
  }
}

/** Returns a unified diff of every change in the plan, or '' when nothing would change. */
export function diffPlan(plan: Plan): string {
  const patches: string[] = [];
  for (const action of plan.actions) {
    if (action.type !== 'create' && action.type !== 'update' && action.type !== 'delete' && action.type !== 'conflict') {
      continue;
    }
    if (action.type === 'conflict' && action.after === action.before) {
      continue;
    }
    const oldName = action.before === undefined ? '/dev/null' : `a/${action.path}`;
    const newName = action.type === 'delete' ? '/dev/null' : `b/${action.path}`;
    patches.push(createTwoFilesPatch(oldName, newName, action.before ?? '', action.after ?? '', undefined, undefined, { context: 3 }).replace(/^=+\n/, ''));
  }
  return patches.join('');
}

/** Lists the changes of a plan, one line per file, for the synthesis log. */
export function summarize(plan: Plan): string[] {
  const lines: string[] = [];
  for (const action of plan.actions) {
    if (action.type === 'keep') {
      continue;
    }
    const detail = action.reason === undefined ? '' : `: ${action.reason}`;
    lines.push(`${action.type.padEnd(8)} ${action.path} (${action.kind})${detail}`);
  }
  return lines;
}

/** Whether the plan changes anything on disk. */
export function hasChanges(plan: Plan, previous: Manifest | undefined): boolean {
  const manifestChanged = previous === undefined || serializeManifest(previous) !== serializeManifest(plan.manifest);
  return manifestChanged || plan.actions.some((action) => action.type === 'create' || action.type === 'update' || action.type === 'delete');
}

function modeOf(action: Action): number {
  if (action.kind === 'managed') {
    return action.executable ? 0o555 : 0o444;
  }
  return action.executable ? 0o755 : 0o644;
}

function readOptional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function writeFile(path: string, content: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path)) {
    chmodSync(path, 0o644);
  }
  writeFileSync(path, content);
  chmodSync(path, mode);
}
