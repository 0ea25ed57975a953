import { ruleHandler } from '../lib/handler';
import { cloudtrailEnabled } from '../rules/cloudtrail-enabled';

export const handler = ruleHandler(cloudtrailEnabled);
