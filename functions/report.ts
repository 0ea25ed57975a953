import { reportHandler } from '../lib/report/handler';
import { rules } from '../rules';

/** The scheduled posture report (deploy/report.ts; deployed only with reportEnabled=true). */
export const handler = reportHandler(rules.map((r) => r.meta));
