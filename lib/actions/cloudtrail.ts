import {
  CloudTrailClient,
  CreateTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  TrailAlreadyExistsException,
} from '@aws-sdk/client-cloudtrail';
import { defineAction } from './types';

/** The account's own trails (IAM resource scoping; `${...}` resolved by Fn::Sub in each account). */
const TRAILS = ['arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*'];

/**
 * Starts logging on a stopped trail, called in the trail's home region (the only region where
 * StartLogging is accepted). Idempotent: a trail that is already logging is left alone and reported
 * as skipped, so a re-run after a crash changes nothing twice.
 */
export const startLogging = defineAction<{ readonly name: string; readonly arn: string }>({
  name: 'cloudtrail:StartLogging',
  iam: { 'cloudtrail:StartLogging': [{ resources: TRAILS }] },
  async run(clients, region, { name, arn }) {
    const client = clients.get(CloudTrailClient, region);
    const status = await client.send(new GetTrailStatusCommand({ Name: arn }));
    if (status.IsLogging) return { status: 'skipped', reason: `trail ${name} is already logging` };
    // The name, not the ARN: it is unambiguous in the home region, and moto_server only accepts names.
    await client.send(new StartLoggingCommand({ Name: name }));
    return { status: 'done' };
  },
});

export interface NewTrail {
  readonly name: string;
  readonly bucket: string;
}

/**
 * Creates a multi-region trail with log-file validation into an existing bucket (whose policy must
 * let CloudTrail write to it) and starts it. Idempotent: when a trail of that name exists it only
 * makes sure it is logging.
 */
export const createTrail = defineAction<NewTrail>({
  name: 'cloudtrail:CreateTrail',
  iam: { 'cloudtrail:CreateTrail': [{ resources: TRAILS }] },
  async run(clients, region, { name, bucket }) {
    const client = clients.get(CloudTrailClient, region);
    let note: string | undefined;
    try {
      await client.send(
        new CreateTrailCommand({
          Name: name,
          S3BucketName: bucket,
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: true,
          EnableLogFileValidation: true,
        }),
      );
    } catch (error) {
      if (
        !(error instanceof TrailAlreadyExistsException) &&
        (error as { name?: string }).name !== 'TrailAlreadyExistsException'
      )
        throw error;
      note = `trail ${name} already existed; made sure it is logging`;
    }
    await client.send(new StartLoggingCommand({ Name: name }));
    return note ? { status: 'done', note } : { status: 'done' };
  },
});
