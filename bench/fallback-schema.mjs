// A stand-in JSON Schema for yaml-language-server, used only with `--yls-schema=fallback`
// while schemas/kubernetes-1.36.json has not been generated yet.
//
// Same shape as the real schema: a top-level `allOf` of if/then on apiVersion + kind.
// When the shared k8s reference folder is available, the definitions are the verbatim
// Kubernetes v1.36 OpenAPI v2 definitions from openapi/security-definitions-v1.36.json,
// with `additionalProperties: false` added to closed objects (so `resource:` is flagged).
// Otherwise a small hand-written RBAC subset is used.
// Figures measured with this schema are labelled as such in the output.

import fs from 'node:fs';
import path from 'node:path';
import { sharedK8sDir } from './corpus.mjs';

const RBAC_ROOTS = {
  Role: 'io.k8s.api.rbac.v1.Role',
  ClusterRole: 'io.k8s.api.rbac.v1.ClusterRole',
  RoleBinding: 'io.k8s.api.rbac.v1.RoleBinding',
  ClusterRoleBinding: 'io.k8s.api.rbac.v1.ClusterRoleBinding',
};

function closeObjects(defs) {
  for (const def of Object.values(defs)) {
    if (def && def.type === 'object' && def.properties && def.additionalProperties === undefined) {
      def.additionalProperties = false;
    }
  }
  return defs;
}

function handWritten() {
  const str = { type: 'string' };
  const strs = { type: 'array', items: str };
  return {
    Meta: {
      type: 'object', additionalProperties: false,
      properties: { name: str, namespace: str, labels: { type: 'object', additionalProperties: str }, annotations: { type: 'object', additionalProperties: str } },
    },
    PolicyRule: {
      type: 'object', additionalProperties: false, required: ['verbs'],
      description: 'PolicyRule holds information that describes a policy rule.',
      properties: { apiGroups: strs, resources: strs, resourceNames: strs, nonResourceURLs: strs, verbs: { ...strs, description: 'Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule.' } },
    },
    Subject: {
      type: 'object', additionalProperties: false, required: ['kind', 'name'],
      properties: { kind: str, name: str, namespace: str, apiGroup: str },
    },
    RoleRef: {
      type: 'object', additionalProperties: false, required: ['apiGroup', 'kind', 'name'],
      properties: { kind: str, name: str, apiGroup: str },
    },
    Role: {
      type: 'object', additionalProperties: false,
      properties: { apiVersion: str, kind: str, metadata: { $ref: '#/definitions/Meta' }, rules: { type: 'array', items: { $ref: '#/definitions/PolicyRule' } } },
    },
    ClusterRole: {
      type: 'object', additionalProperties: false,
      properties: { apiVersion: str, kind: str, metadata: { $ref: '#/definitions/Meta' }, rules: { type: 'array', items: { $ref: '#/definitions/PolicyRule' } }, aggregationRule: { type: 'object' } },
    },
    RoleBinding: {
      type: 'object', additionalProperties: false, required: ['roleRef'],
      properties: { apiVersion: str, kind: str, metadata: { $ref: '#/definitions/Meta' }, subjects: { type: 'array', items: { $ref: '#/definitions/Subject' } }, roleRef: { $ref: '#/definitions/RoleRef' } },
    },
    ClusterRoleBinding: {
      type: 'object', additionalProperties: false, required: ['roleRef'],
      properties: { apiVersion: str, kind: str, metadata: { $ref: '#/definitions/Meta' }, subjects: { type: 'array', items: { $ref: '#/definitions/Subject' } }, roleRef: { $ref: '#/definitions/RoleRef' } },
    },
  };
}

/** Writes the fallback schema into outDir and returns { file, description }. */
export function writeFallbackSchema(outDir) {
  let definitions;
  let roots;
  let description;
  const src = path.join(sharedK8sDir(), 'openapi', 'security-definitions-v1.36.json');
  if (fs.existsSync(src)) {
    definitions = closeObjects(JSON.parse(fs.readFileSync(src, 'utf8')).definitions);
    roots = RBAC_ROOTS;
    description = `bench fallback schema: verbatim v1.36 OpenAPI definitions from ${src} (RBAC kinds, closed objects)`;
  } else {
    definitions = handWritten();
    roots = Object.fromEntries(Object.keys(RBAC_ROOTS).map((k) => [k, k]));
    description = 'bench fallback schema: small hand-written RBAC subset';
  }
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: description,
    allOf: Object.entries(roots).map(([kind, ref]) => ({
      if: {
        properties: { apiVersion: { const: 'rbac.authorization.k8s.io/v1' }, kind: { const: kind } },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: `#/definitions/${ref}` },
    })),
    definitions,
  };
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'fallback-rbac-schema.json');
  fs.writeFileSync(file, JSON.stringify(schema, null, 1));
  return { file, description };
}
