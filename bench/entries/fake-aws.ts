import { ClientFactory } from '../../lib/aws/clients';
import type { ClientFactoryOptions } from '../../lib/aws/clients';
import { iamActionName } from '../../lib/aws/call-counter';
import type { AccountSpec, RegionContents } from './synthetic-account';
import { regionContents } from './synthetic-account';
import { page } from './paging';
import type { AccountContents } from './synthetic-security';
import { accountContents } from './synthetic-security';
import { answerSecurity } from './fake-aws-security';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

export interface FakeAwsOptions extends ClientFactoryOptions {
  /** Milliseconds each API call takes in `region` (simulated network and service time). */
  readonly latencyMs?: (region: string, action: string) => number;
  /** Region contents shared between fakes (built once, so timed scans do not pay for generating them). */
  readonly contents?: Map<string, RegionContents>;
}

/** Account-wide contents per account spec: shared by the fakes of one spec like `contents` is for regions. */
const accountContentsOf = new WeakMap<AccountSpec, AccountContents>();

/**
 * A ClientFactory whose clients answer from a synthetic account instead of the network: a
 * middleware at the end of the SDK's initialize step (after driftwatch's call counter) returns the
 * page for the command, after the simulated latency. Everything above it — paginators, the live
 * inventory, the rules, the engine — is the production code.
 */
export class FakeAwsClients extends ClientFactory {
  /** Calls the fake answered, per `action@region` (the service side of the call counter). */
  readonly served = new Map<string, number>();
  private readonly contents: Map<string, RegionContents>;
  private readonly faked = new WeakSet<object>();
  private accountWide: AccountContents | undefined;

  constructor(
    private readonly spec: AccountSpec,
    private readonly fake: FakeAwsOptions = {},
  ) {
    super(fake);
    this.contents = fake.contents ?? new Map<string, RegionContents>();
  }

  region(region: string): RegionContents {
    let c = this.contents.get(region);
    if (!c) {
      c = regionContents(this.spec, region, this.spec.regions.indexOf(region));
      this.contents.set(region, c);
    }
    return c;
  }

  override get<
    C extends { middlewareStack: { add(m: unknown, o: { step: 'initialize'; name: string }): void } },
  >(Client: new (config: never) => C, region: string): C {
    const client = super.get(Client as never, region) as unknown as C;
    if (this.faked.has(client)) return client;
    this.faked.add(client);
    const respond = (action: string, input: Input) => this.respond(action, region, input);
    const latency = this.fake.latencyMs;
    const served = this.served;
    client.middlewareStack.add(
      (_next: unknown, context: { clientName: string; commandName: string }) =>
        async (args: { input: Input }) => {
          const action = iamActionName(context.clientName, context.commandName);
          const key = `${action}@${region}`;
          served.set(key, (served.get(key) ?? 0) + 1);
          const ms = latency?.(region, action) ?? 0;
          if (ms > 0) await new Promise((r) => setTimeout(r, ms));
          return {
            output: { ...respond(action, args.input), $metadata: { httpStatusCode: 200 } },
            response: {},
          };
        },
      { step: 'initialize', name: 'benchFakeAws', priority: 'low' } as { step: 'initialize'; name: string },
    );
    return client;
  }

  /**
   * Account-wide contents (IAM, S3, the trail's log group), built on first use of the spec (so
   * timed scans do not pay for generating them each time; nothing writes to them).
   */
  account(): AccountContents {
    if (!this.accountWide) {
      this.accountWide = accountContentsOf.get(this.spec) ?? accountContents(this.spec);
      accountContentsOf.set(this.spec, this.accountWide);
    }
    return this.accountWide;
  }

  /** The synthetic account's answer to one call (the loopback server of the large-account bench serves it). */
  answer(action: string, region: string, input: Input): Output {
    return this.respond(action, region, input);
  }

  private respond(action: string, region: string, input: Input): Output {
    const s = this.spec;
    switch (action) {
      case 'sts:GetCallerIdentity':
        return { Account: s.account, Arn: `arn:aws:iam::${s.account}:role/driftwatch`, UserId: 'AROA' };
      case 'ec2:DescribeRegions':
        return {
          Regions: s.regions.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })),
        };
      case 'iam:GetAccountSummary':
        return {
          SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountPasswordPresent: 1 },
        };
      case 'iam:ListVirtualMFADevices': {
        const devices = Array.from({ length: s.mfaDevices }, (_, i) => ({
          SerialNumber: `arn:aws:iam::${s.account}:mfa/${i === 0 ? 'root-account-mfa-device' : `user-${i}`}`,
          User: { Arn: i === 0 ? `arn:aws:iam::${s.account}:root` : `arn:aws:iam::${s.account}:user/u${i}` },
          EnableDate: s.now,
        }));
        return page(action, devices, input, 'VirtualMFADevices', 'MaxItems', 'Marker', 'Marker');
      }
      case 'ec2:DescribeVolumes':
        return page(action, this.region(region).volumes, input, 'Volumes');
      case 'ec2:DescribeSnapshots':
        return page(action, this.region(region).snapshots, input, 'Snapshots');
      case 'ec2:DescribeLockedSnapshots':
        return { Snapshots: [] };
      case 'ec2:DescribeImages': {
        const byId = (input.Filters as { Name: string; Values: string[] }[] | undefined)?.find(
          (f) => f.Name === 'image-id',
        );
        if (byId) return { Images: byId.Values.map((id) => sharedImage(id, s)) };
        return page(action, this.region(region).images, input, 'Images');
      }
      case 'ec2:DescribeLaunchTemplateVersions':
        if (typeof input.LaunchTemplateId === 'string')
          return groupTemplate(input.LaunchTemplateId, this.region(region));
        return page(action, this.region(region).launchTemplateVersions, input, 'LaunchTemplateVersions');
      case 'ec2:DescribeInstanceStatus':
        return page(action, this.region(region).instanceStatuses, input, 'InstanceStatuses');
      case 'ec2:DescribeInstances':
        return page(action, this.region(region).reservations, input, 'Reservations');
      case 'ec2:DescribeInstanceTypes':
        return page(action, this.region(region).instanceTypes, input, 'InstanceTypes');
      case 'cloudtrail:DescribeTrails':
        return { trailList: [trail(s)] };
      case 'cloudtrail:GetTrailStatus':
        return {
          IsLogging: true,
          LatestDeliveryTime: s.now,
          StartLoggingTime: new Date(s.now.getTime() - 864e5),
        };
      case 'cloudtrail:GetEventSelectors':
        return { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] };
      case 'config:DescribeConfigurationRecorders':
        return {
          ConfigurationRecorders: [
            {
              name: 'default',
              arn: `arn:aws:config:${region}:${s.account}:configuration-recorder/default/abc`,
              roleARN: `arn:aws:iam::${s.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
              recordingGroup: {
                allSupported: true,
                includeGlobalResourceTypes: region === 'us-east-1',
                recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
              },
            },
          ],
        };
      case 'config:DescribeConfigurationRecorderStatus':
        return {
          ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }],
        };
      case 'config:DescribeDeliveryChannels':
        return { DeliveryChannels: [{ name: 'default', s3BucketName: 'config-bucket' }] };
      case 'config:DescribeDeliveryChannelStatus': {
        const ok = { lastStatus: 'SUCCESS', lastSuccessfulTime: s.now };
        return {
          DeliveryChannelsStatus: [
            {
              name: 'default',
              configHistoryDeliveryInfo: ok,
              configSnapshotDeliveryInfo: ok,
              configStreamDeliveryInfo: { lastStatus: 'SUCCESS' },
            },
          ],
        };
      }
      default: {
        const answer = answerSecurity(action, input, {
          region,
          contents: this.region(region),
          account: () => this.account(),
        });
        if (answer) return answer;
        throw Object.assign(new Error(`The benchmark's fake AWS does not answer ${action}`), {
          name: 'UnsupportedOperation',
        });
      }
    }
  }
}

function trail(s: AccountSpec): Output {
  return {
    Name: 'org-audit',
    TrailARN: `arn:aws:cloudtrail:us-east-1:${s.account}:trail/org-audit`,
    HomeRegion: 'us-east-1',
    IsMultiRegionTrail: true,
    IsOrganizationTrail: false,
    IncludeGlobalServiceEvents: true,
    LogFileValidationEnabled: true,
    KmsKeyId: `arn:aws:kms:us-east-1:${s.account}:key/1234`,
    S3BucketName: 'audit-logs',
    CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${s.account}:log-group:audit-trail:*`,
  };
}

/** A shared (not owned) image, as DescribeImages by id answers it. */
function sharedImage(id: string, s: AccountSpec): Output {
  return {
    ImageId: id,
    Name: `shared-${id}`,
    State: 'available',
    OwnerId: '999988887777',
    Architecture: 'x86_64',
    CreationDate: new Date(s.now.getTime() - 30 * 864e5).toISOString(),
  };
}

/** $Latest and $Default of an Auto Scaling group's launch template: version 3 launches the region's first image. */
function groupTemplate(id: string, c: RegionContents): Output {
  const ImageId = c.images[0]?.ImageId ?? 'ami-none';
  return {
    LaunchTemplateVersions: [
      {
        LaunchTemplateId: id,
        LaunchTemplateName: id,
        VersionNumber: 3,
        DefaultVersion: true,
        LaunchTemplateData: { ImageId },
      },
    ],
  };
}
