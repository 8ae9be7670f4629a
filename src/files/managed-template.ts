/** A managed text file rendered from an EJS template, with the generated-file header on top. */

import { FileBase, type IResolver } from 'projen/lib/file.js';
import type { Project } from 'projen/lib/project.js';

import { renderTemplate } from '../render.js';

export interface ManagedTemplateOptions {
  /** Template path under templates/. */
  readonly template: string;
  /** Plain values for the template; decide in TypeScript, not in the template. */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Line comment prefix of the file's language. @default "#" */
  readonly commentPrefix?: string;
}

/**
 * A file rewritten on every synthesis (class `managed`): read-only, and its first line says it is
 * generated and how to change it.
 */
export class ManagedTemplate extends FileBase {
  private readonly options: ManagedTemplateOptions;

  constructor(project: Project, path: string, options: ManagedTemplateOptions) {
    super(project, path, { readonly: true, marker: true, committed: true });
    this.options = options;
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const body = renderTemplate(this.options.template, this.options.values ?? {});
    return `${this.options.commentPrefix ?? '#'} ${this.marker}\n${body}`;
  }
}
