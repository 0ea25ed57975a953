import type { Tag } from '@aws-sdk/client-ec2';

/** An EC2 resource's tags as a `key → value` record (a tag without a key is skipped, one without a value is ''). */
export function tagsOf(resource: { readonly Tags?: readonly Tag[] } | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of resource?.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  return tags;
}
