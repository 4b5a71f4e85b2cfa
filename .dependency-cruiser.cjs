/**
 * Kubeward's architecture as import rules, checked by dependency-cruiser in `npm test` (test/architecture.test.ts)
 * and by `npm run check:deps`. ARCHITECTURE.md explains the layers; each rule below says why it holds.
 */
const NODE_IO = '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|dgram|cluster|tls)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment: 'The engine is shared by the CLI, the server and the workers, so it must not depend on any of their adapters.',
      severity: 'error',
      from: { path: '^server/src/engine/' },
      to: { path: '^server/src/(lsp|cli|services)/|^server/src/(file-host|protocol|fast-environment)\\.ts$' },
    },
    {
      name: 'engine-knows-no-editor',
      comment: 'The engine must run where no editor or LSP library exists (the CLI in CI); only lsp/ knows the protocol.',
      severity: 'error',
      from: { path: '^server/src/engine/' },
      // npm packages are matched by where they resolve; `vscode` exists only as types, so it resolves to its name.
      to: { path: '^vscode$|(^|/)node_modules/(@types/vscode|vscode-languageserver[^/]*|vscode-jsonrpc|vscode-languageclient)/' },
    },
    {
      name: 'engine-does-no-io',
      comment: 'The engine does no I/O, so analysis is a pure function of text and configuration; files come through an injected host.',
      severity: 'error',
      from: { path: '^server/src/engine/' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'reference-is-a-leaf',
      comment: 'Reference tables are upstream facts; the rest of the engine builds on them, never the other way round.',
      severity: 'error',
      from: { path: '^server/src/engine/reference/' },
      to: { path: '^server/src/', pathNot: '^server/src/engine/reference/' },
    },
    {
      name: 'services-use-no-rule-module',
      comment: 'Editor services read findings and shared analysis, not a rule\'s internals; data both need lives in reference/ or analysis/.',
      severity: 'error',
      from: { path: '^server/src/services/' },
      to: { path: '^server/src/engine/rules/[^/]+/' },
    },
    {
      name: 'services-know-no-connection',
      comment: 'Services are pure functions over the model, usable by the CLI too; only lsp/ talks to the client.',
      severity: 'error',
      from: { path: '^server/src/services/' },
      to: { path: '^server/src/lsp/' },
    },
    {
      name: 'cli-knows-no-lsp',
      comment: 'The command line must work without the language server.',
      severity: 'error',
      from: { path: '^server/src/cli/' },
      to: { path: '^server/src/lsp/' },
    },
    {
      name: 'client-talks-through-protocol',
      comment: 'The client runs in the extension host and reaches the engine only through the language server\'s requests.',
      severity: 'error',
      from: { path: '^client/src/' },
      to: { path: '^server/src/', pathNot: '^server/src/protocol\\.ts$' },
    },
    {
      name: 'protocol-is-self-contained',
      comment: 'protocol.ts is bundled into the client, so it may name only its own types and, as types, the engine\'s.',
      severity: 'error',
      from: { path: '^server/src/protocol\\.ts$' },
      to: { path: '^server/src/', pathNot: '^server/src/engine/' },
    },
    {
      name: 'protocol-imports-engine-types-only',
      comment: 'A value import would pull engine code into the client bundle.',
      severity: 'error',
      from: { path: '^server/src/protocol\\.ts$' },
      to: { path: '^server/src/engine/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make load order matter and layers meaningless; only type-only imports may close a loop.',
      severity: 'error',
      from: { path: '^(server|client)/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.generated\\.ts$' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
