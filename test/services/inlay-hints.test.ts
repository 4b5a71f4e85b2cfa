/**
 * The inlay hint wording against a fixed "now": expiry in whole days, today, not yet valid, bundles (the
 * certificate that expires first), PEM text and a value decoded in place.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { StreamLinter } from '../../server/src/engine/linter';
import { RULES } from '../../server/src/engine/rules/index';
import { inlayHints } from '../../server/src/services/inlay-hints';
import { certificatePem } from '../helpers/certificates';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const ALL = { certificates: true, secretData: true, roleRefs: true, now: NOW };

function labels(text: string): string[] {
  return inlayHints(new StreamLinter(RULES).lint(text, DEFAULT_CONFIG), undefined, ALL).map((hint) => hint.label);
}

const secret = (data: Record<string, string>) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: certs\ndata:\n${Object.entries(data).map(([key, value]) => `  ${key}: ${value}\n`).join('')}`;
const base64 = (text: string) => Buffer.from(text).toString('base64');

test('expiry is counted in whole days from the given now', async () => {
  const soon = await certificatePem({ name: 'CN=soon', notBefore: at(-10), notAfter: new Date(NOW.getTime() + 5 * 60 * 60 * 1000) });
  const later = await certificatePem({ name: 'O=ops, CN=later', notBefore: at(-10), notAfter: at(41.9) });
  const old = await certificatePem({ name: 'CN=old', notBefore: at(-100), notAfter: at(-1) });
  const future = await certificatePem({ name: 'C=DE', notBefore: at(2.5), notAfter: at(300) });
  assert.deepEqual(labels(secret({ a: base64(soon), b: base64(later), c: base64(old), d: base64(future) })), [
    'CN=soon · expires today',
    'CN=later O=ops · expires in 41 d',
    'CN=old · expired 1 d ago',
    'C=DE · not valid yet, starts in 3 d',
  ]);
});

test('a bundle counts its certificates and shows the expiry that comes first', async () => {
  const first = await certificatePem({ name: 'CN=root', notBefore: at(-10), notAfter: at(400) });
  const second = await certificatePem({ name: 'CN=intermediate', notBefore: at(-10), notAfter: at(12.5) });
  assert.deepEqual(labels(secret({ 'ca.crt': base64(first + second) })), ['2 certificates · expires in 12 d']);
});

test('PEM text and a value decoded in place get certificate hints, never data hints', async () => {
  const pem = await certificatePem({ name: 'CN=bundle', notBefore: at(-10), notAfter: at(30.5) });
  const indented = pem.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
  const trust = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: certs\nstringData:\n  ca.crt: |\n${indented}\n  note: |\n    plain text\n`;
  assert.deepEqual(labels(trust), ['CN=bundle · expires in 30 d']);
  const decoded = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: certs\ndata:\n  ca.crt: | # kubeward:base64\n${indented}\n  other: | # kubeward:base64\n    plain text\n`;
  assert.deepEqual(labels(decoded), ['CN=bundle · expires in 30 d']);
});

test('empty, unpadded and URL-safe base64 get no hint', () => {
  assert.deepEqual(labels(secret({ empty: '""', unpadded: 'YWJjZA', urlsafe: '_-_-', spaces: '"a b c d"' })), []);
});
