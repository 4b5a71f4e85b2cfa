/**
 * Where the fields an API server names are written: field.Path paths of Status causes, server-side apply paths
 * with keyed list items, and the fallbacks to the nearest written ancestor, the `kind` line and the first line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManifestDocument } from '../../server/src/engine/model/document';
import { fieldRange, parseFieldPath } from '../../server/src/services/field-ranges';

const TEXT = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
  finalizers: ["a", "b"]
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
              protocol: TCP
        - name: sidecar
          image: "busybox"
`;

const document = new ManifestDocument(TEXT);
const at = (path: string) => {
  const { range, exact } = fieldRange(document, path);
  return { text: TEXT.slice(range.start, range.end), exact };
};

test('field paths are read in both notations', () => {
  assert.deepEqual(parseFieldPath('spec.template.spec.containers[0].image'), [
    { key: 'spec' },
    { key: 'template' },
    { key: 'spec' },
    { key: 'containers' },
    { index: 0 },
    { key: 'image' },
  ]);
  assert.deepEqual(parseFieldPath('metadata.labels[app.kubernetes.io/name]'), [{ key: 'metadata' }, { key: 'labels' }, { key: 'app.kubernetes.io/name' }]);
  assert.deepEqual(parseFieldPath('.spec.ports[port=80,protocol="TCP"].name'), [
    { key: 'spec' },
    { key: 'ports' },
    { match: [['port', 80], ['protocol', 'TCP']] },
    { key: 'name' },
  ]);
  assert.deepEqual(parseFieldPath('.metadata.finalizers[="a,]"]'), [{ key: 'metadata' }, { key: 'finalizers' }, { match: [['', 'a,]']] }]);
  assert.equal(parseFieldPath('spec.ports[0'), undefined);
});

test('a scalar field is its key and value; a collection its key; a sequence item its first entry', () => {
  assert.deepEqual(at('spec.template.spec.containers[0].image'), { text: 'image: nginx:1.27', exact: true });
  assert.deepEqual(at('spec.template.spec.containers[1].image'), { text: 'image: "busybox"', exact: true });
  assert.deepEqual(at('metadata.labels[app.kubernetes.io/name]'), { text: 'app.kubernetes.io/name: web', exact: true });
  assert.deepEqual(at('metadata.labels'), { text: 'labels', exact: true });
  assert.deepEqual(at('spec.template.spec.containers[1]'), { text: 'name: sidecar', exact: true });
});

test('server-side apply paths find keyed list items and set members', () => {
  assert.deepEqual(at('.spec.template.spec.containers[name="sidecar"].image'), { text: 'image: "busybox"', exact: true });
  assert.deepEqual(at('.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].protocol'), { text: 'protocol: TCP', exact: true });
  assert.deepEqual(at('.metadata.finalizers[="b"]'), { text: '"b"', exact: true });
});

test('a path that is not written falls back to its nearest written ancestor, then to kind; no path is the first line', () => {
  assert.deepEqual(at('spec.template.spec.containers[0].resources.limits'), { text: 'name: web', exact: false });
  assert.deepEqual(at('spec.selector'), { text: 'spec', exact: false });
  assert.deepEqual(at('status.replicas'), { text: 'kind: Deployment', exact: false });
  assert.deepEqual(at('kind'), { text: 'kind: Deployment', exact: true });
  assert.deepEqual(at(''), { text: 'apiVersion: apps/v1', exact: true });
});
