import type { Tag } from '@aws-sdk/client-ec2';

/** Tags as a plain object: the shape rules and snapshot files use. */
export type Tags = Readonly<Record<string, string>>;

/** SDK `Tags[]` to a plain object; a tag without a value maps to `''`. */
export function toTags(tags: readonly Tag[] | undefined): Tags {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** The tags among `keys` that the resource has, in the order of `keys`. */
export function pickTags(tags: Tags, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = tags[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
