// An org preset for create-rust-mcp. `npm create rust-mcp -- --preset @acme/rust-mcp-preset`
// applies it, and the generated .projenrc.ts imports it, so every synthesis enforces it.
const { name, version } = require('./package.json');

module.exports = {
  name,
  version,
  // Suggested values; a team may choose others.
  defaults: {
    baseImage: 'distroless',
    minInstances: 1,
    maxInstances: 10,
  },
  // Fixed values: every Acme service deploys to this region and registry.
  locked: {
    region: 'europe-west1',
    artifactRepository: 'acme-mcp-servers',
  },
  // Only images without a shell or package manager.
  allowed: {
    baseImage: ['distroless', 'scratch'],
  },
  // No cold starts in production.
  minimum: {
    minInstances: 1,
  },
};
