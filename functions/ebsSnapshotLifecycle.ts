import { ruleHandler } from '../lib/handler';
import { ebsSnapshotLifecycle } from '../rules/ebs-snapshot-lifecycle';

export const handler = ruleHandler(ebsSnapshotLifecycle);
