import { javascript, typescript } from 'projen';

const project = new typescript.TypeScriptProject({
  name: 'create-rust-mcp',
  description:
    'Create a Rust MCP server repository for Google Cloud Run, and keep its managed files in sync through projen.',
  license: 'Apache-2.0',
  copyrightOwner: 'create-rust-mcp contributors',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  runner: typescript.TypeScriptRunner.tsx(),
  minNodeVersion: '20.19.0',
  typescriptVersion: '^6.0.3',
  projenVersion: '0.103.25',

  srcdir: 'src',
  libdir: 'lib',
  testdir: 'test',
  sampleCode: false,
  jest: false,
  eslint: false,
  prettier: false,
  github: false,
  release: false,
  package: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  vscode: false,
  docgen: false,

  bin: { 'create-rust-mcp': 'bin/create-rust-mcp.js' },
  deps: [
    'projen@0.103.25',
    'constructs@^10.4.2',
    'yeoman-generator@8.4.0',
    'yeoman-environment@6.3.0',
    '@yeoman/adapter@^4.0.2',
    'inquirer@^13',
    'ejs@^3.1.10',
    'yaml@^2.9.1',
    '@rainbowatcher/toml-edit-js@0.6.5',
    'commander@^14',
    'ora@^9',
    'diff@^8',
    'tsx@^4.21.0',
    'validate-npm-package-name@^6',
  ],
  devDeps: [
    'mocha@^11',
    '@types/mocha@^10',
    '@types/node@^20',
    '@types/ejs@^3',
    '@types/validate-npm-package-name@^4',
    '@modelcontextprotocol/sdk@^1.32.2',
    'ajv@^8.20.0',
    'ajv-formats@^3',
    '@kubernetes-models/knative@2.4.4',
  ],

  tsconfig: {
    compilerOptions: {
      rootDir: '.',
      module: 'nodenext',
      moduleResolution: javascript.TypeScriptModuleResolution.NODE_NEXT,
      target: 'ES2022',
      lib: ['ES2023'],
      esModuleInterop: true,
      skipLibCheck: true,
    },
    include: ['src/**/*.ts', 'generators/**/*.ts'],
  },
  tsconfigDev: {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: javascript.TypeScriptModuleResolution.NODE_NEXT,
    },
    include: ['src/**/*.ts', 'generators/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts'],
  },
  gitignore: ['/.work/', '*.tgz'],
});

project.npmignore?.exclude('/test/', '/scripts/', '/.ci/', '/docs/', '/.work/', '/examples/');

project.package.addVersion('0.2.0');
project.package.addField('type', 'module');
project.package.addField('main', 'lib/src/index.js');
project.package.addField('types', 'lib/src/index.d.ts');
project.package.addField('exports', {
  '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' },
  './package.json': './package.json',
});
project.package.addField('files', ['bin', 'lib', 'templates', 'README.md']);

// Mocha runs the TypeScript tests through tsx; end-to-end suites build Rust and take minutes.
const mocha = 'mocha --import=tsx --timeout 600000';
project.testTask.reset();
// The suites use PostgreSQL, hadolint, buildah and debootstrap; the script installs what is missing.
project.testTask.exec('bash .ci/install-system-packages');
project.testTask.spawn(project.compileTask);
project.testTask.exec(`${mocha} 'test/unit/**/*.test.ts' 'test/e2e/**/*.test.ts'`);
project.addTask('test:unit', { exec: `${mocha} 'test/unit/**/*.test.ts'` });
project.addTask('test:slow', {
  description: 'Slow suites: every container image variant.',
  exec: `${mocha} 'test/slow/**/*.test.ts'`,
});
project.addTask('options-doc', {
  description: 'Write docs/options.md from the option schema.',
  exec: 'tsx scripts/options-doc.ts',
});
const demo = project.addTask('demo', {
  description: 'Generate a default server into .work/demo, build it and call it with the MCP client.',
});
demo.spawn(project.compileTask);
demo.exec('tsx scripts/demo.ts');
project.addTask('benchmark', {
  description: 'Measure generation, synthesis and server numbers and write docs/benchmarks.md.',
  exec: 'tsx scripts/benchmark.ts',
});
project.compileTask.prependExec('rm -rf lib');

project.synth();
