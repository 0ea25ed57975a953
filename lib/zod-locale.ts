import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini (tree-shakable, about a tenth of zod classic in a bundle) loads no locale, so a check
// without its own `error` would say only "Invalid input". This loads zod's English messages once, as
// zod classic does on import ("Too small: expected string to have >=1 characters"). Imported by the
// modules that turn zod issues into messages (lib/validation.ts, lib/inventory/snapshot-values.ts).
z.config(en());
