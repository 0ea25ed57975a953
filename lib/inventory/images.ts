import { DescribeImagesCommand, EC2Client, paginateDescribeImages } from '@aws-sdk/client-ec2';
import type { Image as SdkImage } from '@aws-sdk/client-ec2';
import { defineKeyedRead } from './keyed-read';
import type { Tags } from './tags';
import { toTags } from './tags';
import { defineRead } from './types';
import { imageSchema, ownedImagesSchema } from './snapshot-schemas-ec2';

/** An AMI as the instance-standard rule compares them. */
export interface Image {
  readonly imageId: string;
  readonly name: string;
  /** `available`, `pending`, `failed`, `disabled`, ...: only `available` images can be launched. */
  readonly state: string;
  /** ISO-8601. */
  readonly creationDate: string;
  readonly architecture: string;
  readonly ownerId: string;
  /** ISO-8601, when the image is (or was) deprecated. */
  readonly deprecationTime?: string;
  readonly tags: Tags;
}

/** Plain JSON for one DescribeImages image. Exported for the contract tests. */
export function toImage(i: SdkImage): Image {
  return {
    imageId: i.ImageId ?? '',
    name: i.Name ?? '',
    state: i.State ?? 'unknown',
    creationDate: i.CreationDate ? new Date(i.CreationDate).toISOString() : new Date(0).toISOString(),
    architecture: i.Architecture ?? 'x86_64',
    ownerId: i.OwnerId ?? '',
    ...(i.DeprecationTime ? { deprecationTime: new Date(i.DeprecationTime).toISOString() } : {}),
    tags: toTags(i.Tags),
  };
}

/** Every image the account owns in the region, deprecated ones included (DescribeImages, 1,000 a page). */
export const ownedImages = defineRead<Image[]>({
  name: 'ec2.ownedImages',
  scope: 'regional',
  actions: ['ec2:DescribeImages'],
  schema: ownedImagesSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: Image[] = [];
    const pages = paginateDescribeImages(
      { client, pageSize: 1000 },
      { Owners: ['self'], IncludeDeprecated: true },
    );
    for await (const page of pages) for (const i of page.Images ?? []) out.push(toImage(i));
    return out;
  },
});

/** Image ids per DescribeImages call: the `image-id` filter takes up to 200 values. */
const IDS_PER_CALL = 200;

/**
 * Images by id, whoever owns them (shared golden images, public ones, the ones SSM parameters
 * name). Asks through the `image-id` filter rather than `ImageIds`, so an id that no longer exists
 * (deregistered, or a typo in a parameter) is left out instead of failing the whole call.
 */
export const imagesById = defineKeyedRead<Image>({
  name: 'ec2.imagesById',
  scope: 'regional',
  actions: ['ec2:DescribeImages'],
  schema: imageSchema,
  async fetchKeys(clients, region, ids) {
    const client = clients.get(EC2Client, region);
    const out: Image[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
      const Values = ids.slice(i, i + IDS_PER_CALL);
      const page = await client.send(
        new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values }], IncludeDeprecated: true }),
      );
      for (const image of page.Images ?? []) out.push(toImage(image));
    }
    return out;
  },
});
