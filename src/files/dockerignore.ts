/** .dockerignore, managed: keeps build output, secrets and tooling out of the image build context. */

import { IgnoreFile } from 'projen';

import type { RustMcpProject } from '../project.js';

export function addDockerignore(project: RustMcpProject): IgnoreFile {
  const file = new IgnoreFile(project, '.dockerignore');
  file.exclude(
    // Build output and dependencies that the image builds itself.
    '/target/',
    'node_modules/',
    // Version control and local tooling.
    '.git/',
    '.projen/',
    '.idea/',
    '.vscode/',
    '*.swp',
    '.DS_Store',
    // Local environment files may hold secrets.
    '.env',
    '.env.*',
    '*.local',
  );
  return file;
}
