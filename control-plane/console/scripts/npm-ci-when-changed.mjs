// Runs `npm ci` when package-lock.json differs from the one node_modules was installed from, so that a
// build after the first one does not reinstall (and needs no registry) while the lock is unchanged.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const lock = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
const stamp = 'node_modules/.sparkplane-lock.sha256';
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) {
  process.exit(0);
}
console.log('[console] npm ci (package-lock.json changed or node_modules missing)');
execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
writeFileSync(stamp, lock);
