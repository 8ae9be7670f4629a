/** .dockerignore, managed: keeps build output, secrets and tooling out of the image build context. */

import { IgnoreFile } from 'projen/lib/ignore-file.js';

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
    // Local environment files and cargo credentials may hold secrets. cargo reads credentials
    // from CARGO_HOME only, but a copy in the repository would still reach the build context.
    '.env',
    '.env.*',
    '*.local',
    '/.cargo/credentials',
    '/.cargo/credentials.toml',
    // Build, deployment and project files that cargo does not read: editing them leaves the
    // cached image layers valid. Docker and buildah still read the Dockerfile itself.
    '/Dockerfile*',
    '/.dockerignore',
    '/docker-compose*.yml',
    '/cloudbuild.yaml',
    '/service.yaml',
    '/.github/',
    '/.projenrc.ts',
    '/package.json',
    '/package-lock.json',
  );
  return file;
}
