// Removes the compiled test tree so that tests deleted from the source cannot linger in out/ and still run.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './shared-data.mjs';

rmSync(path.join(repoRoot, 'out'), { recursive: true, force: true });
