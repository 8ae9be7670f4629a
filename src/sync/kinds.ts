/** The three classes of generated file and the components that produce the last two. */

import { Component } from 'projen/lib/component.js';
import type { Project } from 'projen/lib/project.js';

/**
 * How synthesis treats a file:
 * - `managed`: rewritten on every synthesis, read-only, with a header saying it is generated;
 * - `merged`: the project type owns some keys and edits only those, leaving the rest byte for byte;
 * - `sample`: written once when missing from the manifest, then owned by the user.
 */
export type FileKind = 'managed' | 'merged' | 'sample';

/** A file as the current synthesis wants it. */
export type PlannedFile =
  | { readonly kind: 'managed'; readonly path: string; readonly content: string; readonly executable: boolean }
  | { readonly kind: 'sample'; readonly path: string; readonly content: string; readonly executable: boolean }
  | { readonly kind: 'merged'; readonly path: string; readonly merge: MergeFunction };

/**
 * Merges the keys a component owns into the current text of a file (undefined when missing).
 * `previouslyOwned` lists the keys the last synthesis owned, so keys no longer wanted can be removed.
 */
export type MergeFunction = (current: string | undefined, previouslyOwned: readonly string[]) => MergeResult;

export interface MergeResult {
  /** Text of the file after the merge; undefined when the file should not exist. */
  readonly content: string | undefined;
  /**
   * Keys now owned, as dotted paths; recorded in the manifest. A file that owns no keys is not
   * recorded, so synthesis leaves it to the user from then on.
   */
  readonly owned: readonly string[];
}

/** A component that contributes one planned file to synthesis. */
export interface SyncedComponent {
  plan(): PlannedFile;
}

export function isSyncedComponent(component: Component): component is Component & SyncedComponent {
  return typeof (component as Partial<SyncedComponent>).plan === 'function';
}

/** A file written once with `content` and left to the user afterwards; deleting it is final. */
export class SampleFile extends Component implements SyncedComponent {
  constructor(
    project: Project,
    readonly path: string,
    private readonly content: string,
    private readonly executable = false,
  ) {
    super(project, `sample:${path}`);
  }

  plan(): PlannedFile {
    return { kind: 'sample', path: this.path, content: this.content, executable: this.executable };
  }
}
