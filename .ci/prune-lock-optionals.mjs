// The registry this project installs from serves only some platforms' optional native packages
// (e.g. @swc/core-darwin-arm64 is a 404 there). `npm install` then leaves them out of
// package-lock.json but keeps their names in the parents' optionalDependencies, and `npm ci` refuses
// the lock as "out of sync". This drops, from the lock only, optional dependencies that have no entry
// of their own. Run it after `npm install` changes the lock: node .ci/prune-lock-optionals.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const installed = new Set(Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, '')));
let pruned = 0;
for (const entry of Object.values(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (!installed.has(name)) {
      delete entry.optionalDependencies[name];
      pruned += 1;
    }
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`pruned ${pruned} unavailable optional dependencies from package-lock.json`);
