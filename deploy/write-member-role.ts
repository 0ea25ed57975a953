// `npm run member-role`: regenerates deploy/member-role.yml and deploy/member-events.yml from the rule registry.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules';
import { renderMemberEvents } from './member-events';
import { renderMemberRole } from './member-role';

for (const [file, render] of [
  ['member-role.yml', renderMemberRole],
  ['member-events.yml', renderMemberEvents],
] as const) {
  const path = join(__dirname, file);
  writeFileSync(path, render(rules));
  process.stdout.write(`wrote ${path} (${rules.length} rules)\n`);
}
