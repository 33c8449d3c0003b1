import assert from 'node:assert/strict';
import { it } from 'node:test';
import { COMMANDS } from './main.js';

it('every command of the table loads, under its own name, and names are unique', async () => {
  assert.equal(new Set(COMMANDS.map((c) => c.name)).size, COMMANDS.length);
  for (const entry of COMMANDS) {
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.ok(entry.summary.length > 10 && command.usage.startsWith(`ganimate ${entry.name}`), entry.name);
  }
});
