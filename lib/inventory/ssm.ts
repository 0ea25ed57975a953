import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { defineKeyedRead } from './keyed-read';
import { imageParameterSchema } from './snapshot-schemas-ec2';

/** An SSM parameter holding an image id (e.g. `/golden/web/ami`, or AWS's public `/aws/service/...`). */
export interface ImageParameter {
  readonly name: string;
  /** The value: normally an AMI id. */
  readonly value: string;
  readonly version: number;
  /** ISO-8601: when the value was last set, i.e. when its image became the standard. */
  readonly lastModified?: string;
  /** `aws:ec2:image` when SSM validated the value as an AMI id, else `text`. */
  readonly dataType: string;
}

/** GetParameters takes at most 10 names a call. */
const NAMES_PER_CALL = 10;

/**
 * SSM parameters by name (GetParameters, 10 a call). A name SSM does not know comes back in
 * `InvalidParameters` and is left out of `found`: the rule reports it as missing.
 */
export const imageParameters = defineKeyedRead<ImageParameter>({
  name: 'ssm.imageParameters',
  scope: 'regional',
  actions: ['ssm:GetParameters'],
  schema: imageParameterSchema,
  async fetchKeys(clients, region, names) {
    const client = clients.get(SSMClient, region);
    const out: ImageParameter[] = [];
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
      const Names = names.slice(i, i + NAMES_PER_CALL);
      const page = await client.send(new GetParametersCommand({ Names }));
      for (const p of page.Parameters ?? []) {
        out.push({
          name: p.Name ?? '',
          value: p.Value ?? '',
          version: p.Version ?? 0,
          ...(p.LastModifiedDate ? { lastModified: p.LastModifiedDate.toISOString() } : {}),
          dataType: p.DataType ?? 'text',
        });
      }
    }
    return out;
  },
});
