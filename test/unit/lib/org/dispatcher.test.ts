import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../../lib/aws/clients';
import { dispatcherHandler } from '../../../../lib/org/dispatcher';

// aws-sdk-client-mock: the organization's listing is hand-built (moto's CreateAccount ids are random).
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/driftwatch-root-account-mfa-scan';
const IN_ORG = '111122223333';
const SUSPENDED = '222233334444';
const OUTSIDE = '999988887777';

describe('dispatcher: accounts of the organization only', () => {
  const orgs = mockClient(OrganizationsClient);
  const sqs = mockClient(SQSClient);
  beforeEach(() => {
    orgs.reset();
    sqs.reset();
    orgs.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: IN_ORG, State: 'ACTIVE' },
        { Id: SUSPENDED, State: 'SUSPENDED' },
      ],
    });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  });

  it('enqueues scans only for listed accounts that are ACTIVE in the organization, and reports the others', async () => {
    // Prepare
    const dispatch = dispatcherHandler({
      env: { DRIFTWATCH_RULE_QUEUES: JSON.stringify({ 'root-account-mfa': QUEUE }) },
      clients: new ClientFactory({ maxAttempts: 1 }),
    });

    // Act
    const summary = await dispatch({ scope: { accounts: [IN_ORG, SUSPENDED, OUTSIDE] } });

    // Assess
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(sent.map((e) => e.MessageBody)).toEqual([JSON.stringify({ account: IN_ORG })]);
    expect(summary.accounts).toBe(1);
    expect(summary.outsideOrganization).toEqual([SUSPENDED, OUTSIDE]);
    expect(orgs.commandCalls(ListAccountsCommand)).toHaveLength(1);
  });

  it('makes no extra listing for an organization-wide scope (its accounts come from the listing)', async () => {
    // Prepare
    const dispatch = dispatcherHandler({
      env: { DRIFTWATCH_RULE_QUEUES: JSON.stringify({ 'root-account-mfa': QUEUE }) },
      clients: new ClientFactory({ maxAttempts: 1 }),
    });

    // Act
    const summary = await dispatch(undefined);

    // Assess
    expect(summary.accounts).toBe(1);
    expect(summary.outsideOrganization).toEqual([]);
    expect(orgs.commandCalls(ListAccountsCommand)).toHaveLength(1);
  });
});
