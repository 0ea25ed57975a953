import { enableEbsEncryptionByDefault } from '../../lib/actions/ec2-encryption';
import { plan } from '../../lib/actions/types';
import type { ResourceRef } from '../../lib/findings';
import type { InstanceMetadata } from '../../lib/inventory/ec2-settings';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';

/** CIS 5.1.1 / EC2.7: the region encrypts new EBS volumes by default; a FAIL plans turning it on. */
export function ebsDefaultEncryptionDraft(enabled: boolean, account: string, region: string): FindingDraft {
  return {
    resource: { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` },
    checkId: 'ebs-default-encryption',
    controls: CHECK_CONTROLS.ebsDefaultEncryption,
    severity: 'medium',
    status: enabled ? 'PASS' : 'FAIL',
    details: { ebsEncryptionByDefault: enabled },
    message: enabled
      ? `New EBS volumes in ${region} are encrypted by default.`
      : `EBS encryption by default is off in ${region}, so new volumes and their snapshots can be created unencrypted.`,
    ...(enabled
      ? {}
      : {
          action: plan(
            enableEbsEncryptionByDefault,
            {},
            `Turn on EBS encryption by default in ${region} (new volumes only; undone with DisableEbsEncryptionByDefault)`,
          ),
        }),
  };
}

/** CIS 5.7 / EC2.8: an instance answers metadata requests only with IMDSv2 session tokens. */
export function imdsv2Draft(i: InstanceMetadata, account: string, region: string): FindingDraft {
  const passes = i.httpTokens === 'required' || i.httpEndpoint === 'disabled';
  const name = i.tags.Name ? ` (${i.tags.Name})` : '';
  const arn = `arn:aws:ec2:${region}:${account}:instance/${i.instanceId}`;
  // Literals, not a conditional spread: one per instance (10k at scale).
  const resource: ResourceRef =
    Object.keys(i.tags).length > 0
      ? { type: 'AwsEc2Instance', id: i.instanceId, arn, tags: i.tags }
      : { type: 'AwsEc2Instance', id: i.instanceId, arn };
  return {
    resource,
    checkId: 'imdsv2-required',
    controls: CHECK_CONTROLS.imdsv2,
    status: passes ? 'PASS' : 'FAIL',
    details: { httpTokens: i.httpTokens, httpEndpoint: i.httpEndpoint, state: i.state },
    message:
      i.httpEndpoint === 'disabled'
        ? `Instance ${i.instanceId}${name} has its metadata service turned off.`
        : passes
          ? `Instance ${i.instanceId}${name} requires IMDSv2.`
          : `Instance ${i.instanceId}${name} still answers IMDSv1 (HttpTokens ${i.httpTokens}), so a server-side request forgery can read its role credentials; set HttpTokens to required.`,
  };
}
