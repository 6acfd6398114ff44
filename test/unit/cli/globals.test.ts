// The global flags are taken out of argv wherever they stand, and only there: a value of a
// command flag that looks like one stays with its flag.
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/app/options';
import { VALUE_FLAGS } from '../../../src/cli/commandFlags';
import { splitGlobals } from '../../../src/cli/globals';

describe('cli: global flags', () => {
  it('are accepted before and after the command name', () => {
    const before = splitGlobals(['-v', '--log-json', '--compact', 'run', '--domain', 'hanoi'], VALUE_FLAGS);
    assert.deepEqual(before.argv, ['run', '--domain', 'hanoi']);
    assert.deepEqual(before.globals, { verbose: true, logJson: true, compact: true, inspect: undefined });
    const after = splitGlobals(['run', '--domain', 'hanoi', '--verbose', '--inspect', 'ops'], VALUE_FLAGS);
    assert.deepEqual(after.argv, ['run', '--domain', 'hanoi']);
    assert.deepEqual(after.globals, { verbose: true, logJson: false, compact: false, inspect: 'ops' });
    assert.equal(splitGlobals(['run', '--inspect=files'], VALUE_FLAGS).globals.inspect, 'files');
  });

  it('leave a command flag\'s value alone even when it looks like a global flag, and everything after --', () => {
    const r = splitGlobals(['run', '--prompt', '-v', '--domain', 'code', '--', '--compact'], VALUE_FLAGS);
    assert.deepEqual(r.argv, ['run', '--prompt', '-v', '--domain', 'code', '--', '--compact']);
    assert.equal(r.globals.verbose, false);
    assert.equal(r.globals.compact, false);
  });

  it('refuse a bad or missing --inspect mode and contradictory choices with one clear usage error', () => {
    const message = (argv: string[]) => {
      try {
        splitGlobals(argv, VALUE_FLAGS);
      } catch (e) {
        assert.ok(e instanceof UsageError, String(e));
        return e.message;
      }
      assert.fail(`accepted ${argv.join(' ')}`);
    };
    assert.match(message(['run', '--inspect', 'bodies']), /--inspect must be one of ops, payloads, messages, files, got 'bodies'/);
    assert.match(message(['run', '--inspect']), /--inspect needs a value/);
    assert.match(message(['--pretty', 'run', '--compact']), /exclude each other/);
    assert.match(message(['--inspect', 'ops', 'run', '--log-json']), /choose one/);
    assert.match(message(['run', '--verbose=yes']), /--verbose takes no value/);
  });
});
