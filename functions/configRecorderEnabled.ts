import { ruleHandler } from '../lib/handler';
import { configRecorderEnabled } from '../rules/config-recorder-enabled';

export const handler = ruleHandler(configRecorderEnabled);
