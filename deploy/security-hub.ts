import { param, resourceIds } from './names';
import type { CfnResources, IamStatement } from './types';

/**
 * The optional Security Hub export (issue 20), behind the `securityHubExport` parameter (condition
 * `SecurityHubExport`, default false): each rule function imports its run's findings with
 * BatchImportFindings (lib/integrations/securityhub.ts) under the default product ARN, which
 * requires the calling account to be the finding's account. So the fleet's rule roles may import
 * into their own account's default product only, and in organization mode the export runs with
 * the member account's clients: the member roles get the same grant (deploy/member-role.ts,
 * `SecurityHubExport` there too).
 */

export const SECURITY_HUB_CONDITION = 'SecurityHubExport';

export const securityHubParameters = {
  SecurityHubExport: {
    Type: 'String',
    Default: param('securityHubExport', 'false'),
    AllowedValues: ['true', 'false'],
    Description:
      "true imports each run's findings into Security Hub (ASFF, BatchImportFindings) in the scanned account.",
  },
};

export const securityHubConditions = {
  [SECURITY_HUB_CONDITION]: { 'Fn::Equals': [{ Ref: 'SecurityHubExport' }, 'true'] },
};

/**
 * BatchImportFindings into the account's own default product, in `region` (`${AWS::Region}`: the
 * stack's; `*` for a member role, which is global and used from the fleet's region).
 */
export function securityHubStatement(region = '${AWS::Region}'): IamStatement {
  return {
    Effect: 'Allow',
    Action: 'securityhub:BatchImportFindings',
    Resource: {
      'Fn::Sub': `arn:\${AWS::Partition}:securityhub:${region}:\${AWS::AccountId}:product/\${AWS::AccountId}/default`,
    },
  };
}

/** One policy attached to every rule role, only when the export is on (the roles stay as they are). */
export function securityHubResources(ruleIds: readonly string[]): CfnResources {
  return {
    SecurityHubExportPolicy: {
      Type: 'AWS::IAM::Policy',
      Condition: SECURITY_HUB_CONDITION,
      Properties: {
        PolicyName: 'security-hub-export',
        Roles: ruleIds.map((id) => ({ Ref: resourceIds(id).role })),
        PolicyDocument: { Version: '2012-10-17', Statement: [securityHubStatement()] },
      },
    },
  };
}
