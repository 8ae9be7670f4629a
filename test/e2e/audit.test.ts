/**
 * The dependency audit tasks of generated repositories, run with `npx projen` and the pinned tools
 * as a user runs them: they pass on the template under every feature, and fail on an unused
 * dependency, a disallowed license and a git source. audit:advisories reads an advisory database
 * that the test writes in the RustSec format, because the real one is on github.com.
 */

import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { setTomlValue, type TomlValue } from '../../src/toml.js';
import { INSTALL_TIMEOUT, installAuditTools } from '../support/audit-tools.js';
import { CARGO_TARGET_DIR, runChecked, runCli, runProjen, temporaryDirectory, type RunResult } from '../support/helpers.js';

/** Writes a library crate with an empty lib.rs into `directory`. */
function writeCrate(directory: string, name: string, version: string, license: string): void {
  mkdirSync(join(directory, 'src'), { recursive: true });
  writeFileSync(join(directory, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\nlicense = "${license}"\n`);
  writeFileSync(join(directory, 'src', 'lib.rs'), '');
}

function git(args: readonly string[], cwd: string): void {
  runChecked('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], cwd);
}

/** Writes an advisory in the RustSec database format: TOML front matter in a Markdown file. */
function writeAdvisory(database: string, id: string, crate: string, patched: string): void {
  const directory = join(database, 'crates', crate);
  mkdirSync(directory, { recursive: true });
  const front = [
    '[advisory]',
    `id = "${id}"`,
    `package = "${crate}"`,
    'date = "2026-12-01"',
    'url = "https://example.com/advisories/' + id + '"',
    'categories = ["denial-of-service"]',
    '',
    '[versions]',
    `patched = ["${patched}"]`,
  ].join('\n');
  writeFileSync(join(directory, `${id}.md`), '```toml\n' + front + '\n```\n\n# A test advisory for ' + crate + '\n\nWritten by the test suite.\n');
}

/**
 * URL of an advisory database mirror, as an organization would name it in deny.toml. Git rewrites
 * it to a local path, so the host is never contacted.
 */
const MIRROR_URL = 'https://advisory-mirror.test/rustsec/advisory-db';

const GENERATED = [
  { title: 'default server', flags: [] as string[] },
  { title: 'postgres server', flags: ['--database', 'postgres'] },
];

describe('dependency audit tasks', function () {
  this.timeout(10 * 60 * 1000);
  let toolsBin: string;

  before(function () {
    this.timeout(INSTALL_TIMEOUT);
    toolsBin = installAuditTools();
  });

  function audit(task: string, project: string, env: Record<string, string> = {}): RunResult {
    return runProjen([task], project, { PATH: `${toolsBin}${delimiter}${process.env.PATH ?? ''}`, CARGO_TARGET_DIR, CARGO_TERM_COLOR: 'never', ...env });
  }

  for (const generated of GENERATED) {
    describe(generated.title, function () {
      let project: string;

      before(function () {
        project = join(temporaryDirectory('audit'), 'audit-server');
        // With npm install, as a user runs it, so that npx projen runs the tasks.
        const result = runCli([project, '--yes', ...generated.flags]);
        assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);
      });

      it('passes npx projen audit', function () {
        const result = audit('audit', project);
        const output = `${result.stdout}\n${result.stderr}`;
        assert.equal(result.status, 0, output);
        assert.match(output, /didn't find any unused dependencies/);
        assert.match(output, /bans ok, licenses ok, sources ok/);
      });

      it('runs each task of audit on its own', function () {
        for (const task of ['audit:duplicates', 'audit:unused', 'audit:deny']) {
          const result = audit(task, project);
          assert.equal(result.status, 0, `${task} failed:\n${result.stdout}\n${result.stderr}`);
        }
      });
    });
  }

  describe('default server with changed dependencies', function () {
    let parent: string;
    let project: string;
    let cargoToml: string;

    before(function () {
      parent = temporaryDirectory('audit-fail');
      project = join(parent, 'audit-server');
      const result = runCli([project, '--yes']);
      assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);
      cargoToml = readFileSync(join(project, 'Cargo.toml'), 'utf8');
    });

    afterEach(function () {
      writeFileSync(join(project, 'Cargo.toml'), cargoToml);
    });

    function addDependencies(dependencies: Record<string, TomlValue>): void {
      let text = cargoToml;
      for (const [name, spec] of Object.entries(dependencies)) {
        text = setTomlValue(text, ['dependencies', name], spec);
      }
      writeFileSync(join(project, 'Cargo.toml'), text);
    }

    it('lists duplicate versions without failing', function () {
      writeCrate(join(parent, 'twin-1'), 'twin', '1.0.0', 'MIT');
      writeCrate(join(parent, 'twin-2'), 'twin', '2.0.0', 'MIT');
      addDependencies({
        'twin-one': { package: 'twin', path: '../twin-1' },
        'twin-two': { package: 'twin', path: '../twin-2' },
      });

      const result = audit('audit:duplicates', project);
      assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /^twin v1\.0\.0/m);
      assert.match(result.stdout, /^twin v2\.0\.0/m);
    });

    it('fails audit:unused on an unused dependency', function () {
      addDependencies({ itoa: '1' });

      const result = audit('audit:unused', project);
      assert.notEqual(result.status, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /\bitoa\b/);
    });

    it('fails npx projen audit on an unused dependency', function () {
      addDependencies({ itoa: '1' });

      const result = audit('audit', project);
      assert.notEqual(result.status, 0, `${result.stdout}\n${result.stderr}`);
    });

    it('fails audit:deny on a disallowed license', function () {
      writeCrate(join(parent, 'gpl-helper'), 'gpl-helper', '0.1.0', 'GPL-3.0-only');
      addDependencies({ 'gpl-helper': { path: '../gpl-helper' } });

      const result = audit('audit:deny', project);
      const output = `${result.stdout}\n${result.stderr}`;
      assert.notEqual(result.status, 0, output);
      assert.match(output, /GPL-3\.0-only/);
      assert.match(output, /gpl-helper/);
      assert.match(output, /licenses FAILED/);
    });

    it('fails audit:deny on a git source', function () {
      // A git repository on the local file system: cargo clones it through a file:// URL.
      const repository = join(parent, 'git-helper');
      writeCrate(repository, 'git-helper', '0.1.0', 'MIT');
      git(['init', '-q', '-b', 'main'], repository);
      git(['add', '-A'], repository);
      git(['commit', '-q', '-m', 'git-helper'], repository);
      addDependencies({ 'git-helper': { git: `file://${repository}` } });

      const result = audit('audit:deny', project);
      const output = `${result.stdout}\n${result.stderr}`;
      assert.notEqual(result.status, 0, output);
      assert.match(output, /git-helper/);
      assert.match(output, /sources FAILED/);
    });
  });
  describe('audit:advisories with a local advisory database', function () {
    let parent: string;
    let project: string;
    let database: string;
    let denyToml: string;
    let gitRewrite: Record<string, string>;

    before(function () {
      parent = temporaryDirectory('audit-advisories');
      project = join(parent, 'audit-server');
      const result = runCli([project, '--yes']);
      assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);

      // cargo-deny clones the branch main of each database URL with the git command line, and it
      // accepts only URLs with a host name. deny.toml names a mirror under the reserved .test
      // domain, and git's insteadOf rewrites it to the local repository before connecting.
      database = join(parent, 'advisory-db');
      writeAdvisory(database, 'RUSTSEC-2026-9000', 'crate-not-in-the-server', '>= 2.0.0');
      git(['init', '-q', '-b', 'main'], database);
      git(['add', '-A'], database);
      git(['commit', '-q', '-m', 'advisory for a crate the server does not use'], database);

      let text = readFileSync(join(project, 'deny.toml'), 'utf8');
      text = setTomlValue(text, ['advisories', 'db-urls'], [MIRROR_URL]);
      text = setTomlValue(text, ['advisories', 'db-path'], join(parent, 'advisory-dbs'));
      denyToml = text;
      gitRewrite = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.file://${database}.insteadOf`, GIT_CONFIG_VALUE_0: MIRROR_URL };
      writeFileSync(join(project, 'deny.toml'), denyToml);
    });

    it('passes with no matching advisory', function () {
      const result = audit('audit:advisories', project, gitRewrite);
      const output = `${result.stdout}\n${result.stderr}`;
      assert.equal(result.status, 0, output);
      assert.match(output, /advisories ok/);
    });

    it('fails on a matching advisory until ignored', function () {
      // Every generated server depends on tokio, and the advisory marks every tokio release as affected.
      writeAdvisory(database, 'RUSTSEC-2026-9001', 'tokio', '>= 999.0.0');
      git(['add', '-A'], database);
      git(['commit', '-q', '-m', 'advisory for tokio'], database);

      const failed = audit('audit:advisories', project, gitRewrite);
      const failedOutput = `${failed.stdout}\n${failed.stderr}`;
      assert.notEqual(failed.status, 0, failedOutput);
      assert.match(failedOutput, /RUSTSEC-2026-9001/);
      assert.match(failedOutput, /advisories FAILED/);

      const ignoring = setTomlValue(denyToml, ['advisories', 'ignore'], [{ id: 'RUSTSEC-2026-9001', reason: 'a test advisory' }]);
      writeFileSync(join(project, 'deny.toml'), ignoring);
      const passed = audit('audit:advisories', project, gitRewrite);
      assert.equal(passed.status, 0, `${passed.stdout}\n${passed.stderr}`);
    });
  });
});
