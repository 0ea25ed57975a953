import { ruleHandler } from '../lib/handler';
import { ec2ScheduledEvents } from '../rules/ec2-scheduled-events';

export const handler = ruleHandler(ec2ScheduledEvents);
