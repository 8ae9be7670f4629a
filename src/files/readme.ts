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
      // The compose file has a database service for the server databases only.
      composeDatabase: answers.database === 'postgres' || answers.database === 'mysql' ? answers.database : undefined,
      registryTokenVariable: registry === undefined ? undefined : registryTokenVariable(registry.name),
      auditInstall: AUDIT_TOOL_SPECS.join(' '),
    }),
  );
}
