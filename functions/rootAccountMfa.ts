import { ruleHandler } from '../lib/handler';
import { rootAccountMfa } from '../rules/root-account-mfa';

export const handler = ruleHandler(rootAccountMfa);
