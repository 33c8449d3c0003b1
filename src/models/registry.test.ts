import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { InvalidOptionError } from '../errors.js';
import { DEFAULT_MODEL, MODELS, modelNamed, modelOfRun } from './registry.js';

const DATA = '../shared/datasets/faces128';

it('the registry lists one model per folder of src/models, each named as its folder', () => {
  const src = resolve(import.meta.dirname, '..', '..', '..', 'src', 'models');
  const folders = readdirSync(src).filter((f) => statSync(resolve(src, f)).isDirectory());
  assert.deepEqual(MODELS.map((m) => m.name).sort(), folders.sort());
  assert.equal(modelNamed(DEFAULT_MODEL).name, 'ganimation');
  assert.throws(
    () => modelNamed('stargan'),
    (e: Error) => e instanceof InvalidOptionError && /known: ganimation, au-estimator, geogan/.test(e.message),
  );
});

it('every model resolves each of its configurations, and every flag sets options its configuration has', () => {
  for (const m of MODELS) {
    assert.ok(m.defaultConfig in m.configs, `${m.name}: its default configuration is one of its own`);
    for (const config of Object.keys(m.configs)) {
      const o = m.resolve({ data: DATA, config });
      assert.equal(o.config, config);
      assert.deepEqual(m.nonDefault(o), [], `${m.name} ${config}: a configuration alone changes nothing`);
      for (const [flag, f] of Object.entries(m.flags))
        if (!f.control) for (const k of f.keys) assert.ok(k in o, `${m.name} --${flag} sets ${k}, an option it has`);
    }
    assert.throws(
      () => m.resolve({ data: DATA, colour: 'blue' } as never),
      (e: Error) => e instanceof InvalidOptionError && /"colour"; known: .*seed/.test(e.message),
      `${m.name}: an unknown key is an error that lists the known ones`,
    );
    const seeded = m.resolve({ data: DATA, seed: 7 });
    assert.deepEqual(m.nonDefault(seeded), ['seed'], `${m.name}: a changed value is marked`);
  }
});

it('a stored run names its model; runs written before models had names are found by their configuration', () => {
  assert.equal(modelOfRun({ model: 'geogan', options: {} }).name, 'geogan');
  assert.equal(modelOfRun({ options: { config: 'geogan-tiny' } }).name, 'geogan');
  assert.equal(modelOfRun({ options: { config: 'estimator' } }).name, 'au-estimator');
  assert.equal(modelOfRun({ options: { config: 'flow-change-eased' } }).name, 'ganimation');
  assert.throws(() => modelOfRun({ options: { config: 'nobody' } }), /belongs to no model/);
  // so configuration names are unique over all models
  const names = MODELS.flatMap((m) => Object.keys(m.configs));
  assert.equal(new Set(names).size, names.length);
});
