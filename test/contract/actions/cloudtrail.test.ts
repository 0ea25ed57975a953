import {
  CloudTrailClient,
  CreateTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  TrailAlreadyExistsException,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { createTrail, startLogging } from '../../../lib/actions/cloudtrail';
import { ClientFactory } from '../../../lib/aws/clients';
import { placeboOutput } from '../../helpers/recordings';

const FOLDER = 'test_cloudtrail_enable';
const TRAIL = { name: 'nosetest', arn: 'arn:aws:cloudtrail:us-east-1:644160558196:trail/nosetest' };

describe('CloudTrail actions against recorded responses (test_cloudtrail_enable)', () => {
  const cloudtrail = mockClient(CloudTrailClient);
  beforeEach(() => cloudtrail.reset());
  afterAll(() => cloudtrail.restore());

  it('starts a stopped trail by name in its home region', async () => {
    // Prepare
    cloudtrail.on(GetTrailStatusCommand).resolves(placeboOutput(FOLDER, 'cloudtrail.GetTrailStatus_1'));
    cloudtrail.on(StartLoggingCommand).resolves(placeboOutput(FOLDER, 'cloudtrail.StartLogging_1'));
    // Act
    const outcome = await startLogging.run(new ClientFactory(), 'us-east-1', TRAIL);
    // Assess
    expect(outcome).toEqual({ status: 'done' });
    expect(cloudtrail.commandCalls(StartLoggingCommand).map((c) => c.args[0].input)).toEqual([
      { Name: 'nosetest' },
    ]);
  });

  it('skips a trail that is already logging, so a repeated run changes nothing', async () => {
    cloudtrail.on(GetTrailStatusCommand).resolves(placeboOutput(FOLDER, 'cloudtrail.GetTrailStatus_2'));
    const outcome = await startLogging.run(new ClientFactory(), 'us-east-1', TRAIL);
    expect(outcome).toEqual({ status: 'skipped', reason: 'trail nosetest is already logging' });
    expect(cloudtrail.commandCalls(StartLoggingCommand)).toHaveLength(0);
  });

  it('creates a validated multi-region trail and starts it, or only starts it when it already exists', async () => {
    // Prepare
    cloudtrail
      .on(CreateTrailCommand)
      .resolvesOnce(placeboOutput(FOLDER, 'cloudtrail.CreateTrail_1'))
      .rejects(
        new TrailAlreadyExistsException({
          message: 'Trail driftwatch already exists for customer: 644160558196',
          $metadata: {},
        }),
      );
    cloudtrail.on(StartLoggingCommand).resolves({});
    // Act
    const first = await createTrail.run(new ClientFactory(), 'us-east-1', {
      name: 'driftwatch',
      bucket: 'audit-logs',
    });
    const second = await createTrail.run(new ClientFactory(), 'us-east-1', {
      name: 'driftwatch',
      bucket: 'audit-logs',
    });
    // Assess
    expect(first).toEqual({ status: 'done' });
    expect(second).toEqual({
      status: 'done',
      note: 'trail driftwatch already existed; made sure it is logging',
    });
    expect(cloudtrail.commandCalls(CreateTrailCommand)[0]?.args[0].input).toEqual({
      Name: 'driftwatch',
      S3BucketName: 'audit-logs',
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
    });
    expect(cloudtrail.commandCalls(StartLoggingCommand)).toHaveLength(2);
  });
});
