/** The shapes the generator emits: CloudFormation resources and Serverless function entries. */

/** A CloudFormation value: a literal or an intrinsic (`{ Ref }`, `{ 'Fn::GetAtt' }`, `{ 'Fn::Sub' }`). */
export type CfnValue = unknown;

export interface CfnResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DeletionPolicy?: 'Retain' | 'Delete';
  readonly UpdateReplacePolicy?: 'Retain' | 'Delete';
  readonly Properties: Readonly<Record<string, CfnValue>>;
}

export type CfnResources = Readonly<Record<string, CfnResource>>;

export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: CfnValue;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, CfnValue>>>>;
}

/** A Serverless Framework (osls) function entry. */
export interface SlsFunction {
  readonly handler: string;
  readonly description: string;
  readonly role: CfnValue;
  readonly memorySize?: number;
  readonly timeout?: number;
  /** false: no `AWS::Lambda::Version` is published for it (its id carries a code hash). */
  readonly versionFunction?: boolean;
  readonly package: { readonly patterns: readonly string[] };
  readonly environment?: Readonly<Record<string, CfnValue>>;
  readonly destinations?: { readonly onFailure: { readonly type: 'sqs'; readonly arn: CfnValue } };
  readonly events: readonly Readonly<Record<string, CfnValue>>[];
}
