import { DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { createSnapshot } from '../../../lib/actions/ebs';
import { ClientFactory } from '../../../lib/aws/clients';
import { RunDeadline } from '../../../lib/aws/run-deadline';
import type { Reply } from '../../helpers/scripted-server';
import { credentials, scriptedServer } from '../../helpers/scripted-server';

// Real SDK clients (retry strategy, abort signal, EC2 query protocol) against a scripted loopback server.
const ec2Error = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>m</Message></Error></Errors><RequestID>r</RequestID></Response>`;
const CREATED: Reply = {
  status: 200,
  body: '<CreateSnapshotResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><snapshotId>snap-1</snapshotId><status>pending</status></CreateSnapshotResponse>',
};
const input = { volumeId: 'vol-1', description: 'd', tags: {}, slot: '2026-03-10T10:00:00.000Z' };

describe('run deadline and mutating calls on the real SDK', () => {
  it('aborts a call that hangs when the run deadline passes, long before the request timeout', async () => {
    // Prepare
    const server = await scriptedServer(['hang']);
    try {
      const clients = new ClientFactory({
        credentials,
        endpoint: server.endpoint,
        requestTimeoutMs: 10_000,
        deadline: RunDeadline.in(300),
      });
      const started = Date.now();

      // Act
      const call = clients.get(EC2Client, 'us-east-1').send(new DescribeSnapshotsCommand({}));

      // Assess
      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await server.close();
    }
  });

  it('reports a CreateSnapshot cut off by the deadline as outcome unknown, without a second attempt', async () => {
    // Prepare
    const server = await scriptedServer(['hang']);
    try {
      const clients = new ClientFactory({ credentials, endpoint: server.endpoint, requestTimeoutMs: 10_000 });

      // Act
      const outcome = createSnapshot.run(clients, 'us-east-1', input, { deadline: RunDeadline.in(300) });

      // Assess
      await expect(outcome).rejects.toMatchObject({ code: 'ChangeOutcomeUnknown' });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('retries a throttled CreateSnapshot but not a 5xx, which it checks with DescribeSnapshots first', async () => {
    // Prepare: throttled, then 500 (it may have happened), then the check finds nothing, then created
    const server = await scriptedServer([
      { status: 503, body: ec2Error('RequestLimitExceeded') },
      { status: 500, body: ec2Error('InternalError') },
      {
        status: 200,
        body: '<DescribeSnapshotsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><snapshotSet/></DescribeSnapshotsResponse>',
      },
      CREATED,
    ]);
    try {
      const clients = new ClientFactory({ credentials, endpoint: server.endpoint, requestTimeoutMs: 2_000 });

      // Act
      const outcome = await createSnapshot.run(clients, 'us-east-1', input, { settleMs: 0 });

      // Assess
      expect(outcome).toEqual({
        status: 'done',
        note: 'created snap-1 (pending), on attempt 2 after the earlier ones were checked absent',
      });
      const actions = server.requests.map((body) => new URLSearchParams(body).get('Action'));
      expect(actions).toEqual(['CreateSnapshot', 'CreateSnapshot', 'DescribeSnapshots', 'CreateSnapshot']);
      expect(server.requests[2]).toContain('tag%3Adriftwatch%3Aslot');
    } finally {
      await server.close();
    }
  });
});
