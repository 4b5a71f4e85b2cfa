// A stand-in for the Red Hat YAML extension (redhat.vscode-yaml), for test/vscode/yaml-extension.test.ts only.
//
// Why: Kubeward changes what it reports when that extension is installed (kubeward.schemaDiagnostics), and the test
// needs both in one editor. The real extension comes only from the VS Code Marketplace or Open VSX, which this
// machine cannot reach, and is not on npm; its language server, yaml-language-server, is (a devDependency).
//
// Same as the real extension: the id (publisher "redhat", name "vscode-yaml"), activation on YAML, the real
// yaml-language-server started as a Node module over IPC through vscode-languageclient, the server pulling the
// `yaml` settings (and being told of changes) itself, and the client-side notifications and requests that
// vscode-yaml's src/extension.ts sets up: schema associations of other extensions, custom schema requests, and
// `vscode/content`, through which the server asks the client for every http(s) schema.
//
// Different: only yaml.schemas, yaml.validate and yaml.schemaStore.enable are contributed (the server's defaults
// stand for the others), there is no telemetry, status bar, command or schema contributor API, and `vscode/content`
// answers from a fixed cache instead of fetching: the yannh Kubernetes JSON Schema URLs that `"kubernetes"` in
// yaml.schemas maps to get the repository's schemas/kubernetes-1.36.json, in that repository's layout (all.json a
// oneOf of `_definitions.json#/definitions/<type>` references, which the server's Kubernetes support looks kinds up
// in, and _definitions.json the definitions), and every other URL fails as it would offline.
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const KUBERNETES_SCHEMA_URL = /^https:\/\/raw\.githubusercontent\.com\/yannh\/kubernetes-json-schema\/master\/v[\d.]+-standalone-strict\/(all|_definitions)\.json$/;

let client;

function cachedSchema(uri) {
  const file = KUBERNETES_SCHEMA_URL.exec(uri.split('#')[0])?.[1];
  if (!file) throw new Error(`${uri} is not in the stand-in's schema cache, and there is no network to fetch it`);
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'kubernetes-1.36.json'), 'utf8'));
  if (file === '_definitions') return JSON.stringify({ definitions: schema.definitions });
  return JSON.stringify({ oneOf: Object.values(schema.kinds).map((type) => ({ $ref: `_definitions.json#/definitions/${type}` })) });
}

exports.activate = async function activate() {
  const serverModule = require.resolve('yaml-language-server/out/server/src/server.js');
  client = new LanguageClient('yaml', 'YAML Support', {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc },
  }, {
    documentSelector: [{ language: 'yaml' }],
  });
  client.onRequest('custom/schema/request', () => []);
  client.onRequest('vscode/content', cachedSchema);
  await client.start();
  client.sendNotification('json/schemaAssociations', []);
  client.sendNotification('yaml/registerCustomSchemaRequest');
  client.sendNotification('yaml/registerContentRequest');
};

exports.deactivate = () => client?.stop();
