/** The forms the lifetime tag accepts, as a FAIL names them. */
export const LIFETIME_FORMS = 'a whole number of hours or days, e.g. "36h" or "2d" (1h to 365d)';

const FORM = /^\s*(\d{1,4})\s*([hd])\s*$/i;
const MAX_HOURS = 365 * 24;

export type LifetimeParse = { readonly ok: true; readonly hours: number } | { readonly ok: false };

/** `36h` → 36, `2d` → 48; anything else (`3 days`, `0h`, `1.5h`, `400d`) is not a lifetime. */
export function parseLifetime(value: string): LifetimeParse {
  const m = FORM.exec(value);
  if (!m) return { ok: false };
  const hours = Number(m[1]) * ((m[2] ?? 'h').toLowerCase() === 'd' ? 24 : 1);
  return hours >= 1 && hours <= MAX_HOURS ? { ok: true, hours } : { ok: false };
}
