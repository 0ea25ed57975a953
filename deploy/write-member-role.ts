// `npm run member-role`: regenerates deploy/member-role.yml from the rule registry.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules';
import { renderMemberRole } from './member-role';

const path = join(__dirname, 'member-role.yml');
writeFileSync(path, renderMemberRole(rules));
process.stdout.write(`wrote ${path} (${rules.length} rules)\n`);
