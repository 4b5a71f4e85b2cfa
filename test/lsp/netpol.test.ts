/**
 * The reachability summary request over stdio, on a workspace folder with a workload and a default-deny policy.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { writeTree } from '../helpers/cli';
import { LspClient } from '../helpers/lsp-client';
import { SHOP_API_DEPLOYMENT, SHOP_DEFAULT_DENY_INGRESS } from '../helpers/manifests';

test('kubeward/networkReachability summarises a namespace from the workspace files', async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-lsp-netpol-'));
  writeTree(folder, {
    'app.yaml': SHOP_API_DEPLOYMENT,
    'policy.yaml': SHOP_DEFAULT_DENY_INGRESS,
  });
  const client = LspClient.start({ workspaceFolders: [pathToFileURL(folder).href] });
  try {
    await client.initialize();
    // The scan runs in the background; ask until it has seen both files.
    let markdown = '';
    for (let attempt = 0; attempt < 50 && !markdown.includes('isolated by default-deny'); attempt++) {
      markdown = (await client.request<{ markdown: string }>('kubeward/networkReachability', { namespace: 'shop' })).markdown;
      if (!markdown.includes('isolated by default-deny')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(markdown, /## Deployment shop\/api\n\ningress isolated by default-deny; egress open\.\n\n- Reachable from: nothing\n- Reaches: address 0\.0\.0\.0\/0/);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
