/** README.md of the generated repository: a sample file, written once. */

import type { Answers } from '../options.js';
import { renderTemplate } from '../render.js';
import { SampleFile } from '../sync/kinds.js';
import type { RustMcpProject } from '../project.js';

export function addReadme(project: RustMcpProject, answers: Answers): void {
  new SampleFile(project, 'README.md', renderTemplate('README.md.ejs', { name: answers.name, description: answers.description }));
}
