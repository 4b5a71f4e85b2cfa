// The esbuild bundles Kubeward ships, shared by the development build (scripts/build.mjs) and the extension
// package (scripts/package.mjs), which minifies them into its own staging folder.
import { build } from 'esbuild';
import path from 'node:path';
import { repoRoot } from './shared-data.mjs';

export const BUNDLES = {
  server: { entryPoints: ['server/src/lsp/main.ts'], file: 'server.js' },
  // Started by the server to parse workspace files beside its main thread while indexing.
  indexingWorker: { entryPoints: ['server/src/lsp/indexing-worker.ts'], file: 'indexing-worker.js' },
  cli: { entryPoints: ['server/src/cli/main.ts'], file: 'cli.js' },
  // Started by `kubeward lint` to lint many files on several threads.
  lintWorker: { entryPoints: ['server/src/cli/lint-worker.ts'], file: 'lint-worker.js' },
  extension: { entryPoints: ['client/src/extension.ts'], file: 'extension.js', external: ['vscode'] },
  // The cluster commands and @kubernetes/client-node, loaded by the extension only when one of them runs.
  cluster: { entryPoints: ['client/src/cluster/index.ts'], file: 'cluster.js', external: ['vscode'] },
};

/** Builds the named bundles into `outdir`; `production` minifies and leaves out source maps. */
export async function buildBundles(names, { outdir, production = false }) {
  await Promise.all(
    names.map((name) => {
      const { entryPoints, file, external = [] } = BUNDLES[name];
      return build({
        entryPoints,
        outfile: path.join(outdir, file),
        external,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: !production,
        minify: production,
        logLevel: 'warning',
        absWorkingDir: repoRoot,
      });
    }),
  );
}
