import { dispatcherHandler } from '../lib/org/dispatcher';

export const handler = dispatcherHandler();
