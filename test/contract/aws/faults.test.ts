import { ClientFactory } from '../../../lib/aws/clients';
import { InventoryReadError } from '../../../lib/errors';
import { accountSummary } from '../../../lib/inventory/iam';
import { LiveInventory } from '../../../lib/inventory/live';
import { botocoreXml } from '../../helpers/recordings';
import { credentials, queryError, scriptedServer, withEndpoint } from '../../helpers/scripted-server';

const SUMMARY = botocoreXml('responses/iam-get-account-summary.xml');

// Real SDK clients (retry strategy, timeouts, XML parsing) against a scripted loopback server.
describe('client factory under faults', () => {
  it('retries throttling (HTTP 400 Throttling) and succeeds, counting one logical call', async () => {
    const server = await scriptedServer([
      { status: 400, body: queryError('Throttling', 'Rate exceeded') },
      { status: 400, body: queryError('Throttling', 'Rate exceeded') },
      { status: 200, body: SUMMARY },
    ]);
    try {
      const clients = new ClientFactory({ credentials });
      const summary = await withEndpoint(server.endpoint, () =>
        new LiveInventory(clients).get(accountSummary),
      );
      expect(summary.AccountMFAEnabled).toBe(0);
      expect(server.requests).toHaveLength(3);
      expect(clients.counter.snapshot()).toEqual({ 'iam:GetAccountSummary': 1 });
    } finally {
      await server.close();
    }
  });

  it('retries a 5xx and succeeds', async () => {
    const server = await scriptedServer([
      { status: 503, body: queryError('ServiceUnavailable', 'busy') },
      { status: 200, body: SUMMARY },
    ]);
    try {
      const summary = await withEndpoint(server.endpoint, () =>
        new LiveInventory(new ClientFactory({ credentials })).get(accountSummary),
      );
      expect(summary.Users).toBe(1);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('gives up after a bounded number of attempts and reports the AWS code', async () => {
    const server = await scriptedServer([{ status: 400, body: queryError('Throttling', 'Rate exceeded') }]);
    try {
      const read = withEndpoint(server.endpoint, () =>
        new LiveInventory(new ClientFactory({ credentials, maxAttempts: 3 })).get(accountSummary),
      );
      await expect(read).rejects.toBeInstanceOf(InventoryReadError);
      await expect(read).rejects.toMatchObject({ awsCode: 'Throttling' });
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  }, 20_000);

  it('does not retry AccessDenied', async () => {
    const server = await scriptedServer([
      { status: 403, body: queryError('AccessDenied', 'not authorized to perform iam:GetAccountSummary') },
    ]);
    try {
      const read = withEndpoint(server.endpoint, () =>
        new LiveInventory(new ClientFactory({ credentials })).get(accountSummary),
      );
      await expect(read).rejects.toMatchObject({ awsCode: 'AccessDenied' });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('turns a socket that never answers into a timeout error instead of hanging', async () => {
    const server = await scriptedServer(['hang']);
    try {
      const clients = new ClientFactory({ credentials, maxAttempts: 2, requestTimeoutMs: 200 });
      const started = Date.now();
      const read = withEndpoint(server.endpoint, () => new LiveInventory(clients).get(accountSummary));
      await expect(read).rejects.toMatchObject({ awsCode: 'ETIMEDOUT' });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  }, 20_000);
});
