import { version } from '../package.json';

/** driftwatch's version, from package.json (esbuild inlines only this field). */
export const DRIFTWATCH_VERSION: string = version;
