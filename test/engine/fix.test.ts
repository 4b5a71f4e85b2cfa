/**
 * Applying fixes as an editor applies a workspace edit: insertions at one offset appear in the order they are
 * given (the LSP rule), overlapping fixes are left for the next pass, and edits are applied from the end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFixes, compatibleFixes, type Fix } from '../../server/src/engine/fix';

const fix = (title: string, edits: Fix['edits']): Fix => ({ title, safety: 'safe', edits });

test('insertions at one offset keep the order they are given in', () => {
  const both = fix('both', [{ start: 3, end: 3, newText: 'first ' }, { start: 3, end: 3, newText: 'second ' }]);
  assert.equal(applyFixes('abcdef', [both]).text, 'abcfirst second def');
});

test('a fix overlapping one already chosen is skipped, and the rest are applied from the end', () => {
  const replace = fix('replace', [{ start: 0, end: 3, newText: 'xyz' }]);
  const overlapping = fix('overlapping', [{ start: 2, end: 4, newText: '!' }]);
  const later = fix('later', [{ start: 5, end: 6, newText: 'F' }]);
  assert.deepEqual(compatibleFixes([later, overlapping, replace]).map((chosen) => chosen.title), ['replace', 'later']);
  assert.deepEqual(applyFixes('abcdef', [later, overlapping, replace]), { text: 'xyzdeF', applied: 2 });
});

test('an insertion at the start of a replaced range goes before the replacement', () => {
  const move = fix('move', [{ start: 3, end: 6, newText: '' }, { start: 3, end: 3, newText: 'def moved ' }]);
  assert.equal(applyFixes('abcdef', [move]).text, 'abcdef moved ');
});
