/** README.md of the generated repository: a sample file, written once. */

import { AUDIT_TOOL_SPECS } from '../audit.js';
import type { Answers } from '../options.js';
import { renderTemplate } from '../render.js';
import { SampleFile } from '../sync/kinds.js';
import { parsePrivateRegistry, registryTokenVariable } from '../validate.js';
import type { RustMcpProject } from '../project.js';

export function addReadme(project: RustMcpProject, answers: Answers): void {
  const registry = parsePrivateRegistry(answers.privateRegistry);
  new SampleFile(
    project,
    'README.md',
    renderTemplate('README.md.ejs', {
      name: answers.name,
      description: answers.description,
      registryTokenVariable: registry === undefined ? undefined : registryTokenVariable(registry.name),
      auditInstall: AUDIT_TOOL_SPECS.join(' '),
    }),
  );
}
