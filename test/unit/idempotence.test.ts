/** Synthesis twice changes nothing, for each option combination the generator offers. */

import { strict as assert } from 'node:assert';

import { RustMcpProject, type RustMcpProjectOptions } from '../../src/project.js';
import { hasChanges, planSync } from '../../src/sync/engine.js';
import { readManifest } from '../../src/sync/manifest.js';
import { ARCHITECTURES, BASE_IMAGES, DATABASES } from '../../src/options.js';
import { temporaryDirectory } from '../support/helpers.js';

function combinations(): RustMcpProjectOptions[] {
  const sets: RustMcpProjectOptions[] = [];
  for (const database of DATABASES) {
    for (const baseImage of BASE_IMAGES) {
      for (const arch of [[ARCHITECTURES[0]], [...ARCHITECTURES]]) {
        sets.push({ name: 'twice-server', database, baseImage, arch, allowUnauthenticated: arch.length > 1 });
      }
    }
  }
  return sets;
}

describe('synthesis idempotence', function () {
  for (const options of combinations()) {
    it(`changes nothing the second time: ${options.database}, ${options.baseImage}, ${options.arch?.join('+')}`, function () {
      const outdir = temporaryDirectory('twice');
      new RustMcpProject({ ...options, outdir }).synth();

      const second = new RustMcpProject({ ...options, outdir });
      const previous = readManifest(outdir);
      const plan = planSync(outdir, second.plannedFiles(), previous, previous?.version ?? '', []);

      const changed = plan.actions.filter((action) => action.type !== 'keep').map((action) => `${action.type} ${action.path}`);
      assert.deepEqual(changed, []);
      assert.equal(hasChanges({ ...plan, manifest: { ...plan.manifest, answers: previous?.answers, preset: previous?.preset } }, previous), false);
    });
  }
});
