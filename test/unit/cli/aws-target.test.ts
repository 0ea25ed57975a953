import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { buildCli, runBin, scratch } from '../../helpers/cli';
import { runCli } from './io';

/** STS's Query error envelope: the scan stops at GetCallerIdentity, after the request was signed. */
const DENIED = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;

describe('driftwatch scan --profile and --region (a real CLI process, a loopback endpoint)', () => {
  const files = scratch('driftwatch-profile-');
  const authorizations: string[] = [];
  let server: Server;
  let endpoint: string;
  beforeAll(async () => {
    buildCli();
    server = createServer((req, res) => {
      authorizations.push(req.headers.authorization ?? '');
      req.resume();
      req.on('end', () => res.writeHead(403, { 'content-type': 'text/xml' }).end(DENIED));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    files.remove();
  });

  it('signs with the profile credentials and sends the account-wide call to --region', async () => {
    // Prepare
    const credentials = files.write(
      'credentials',
      '[default]\naws_access_key_id = AKIADEFAULTDEFAULT00\naws_secret_access_key = x\n\n[audit]\naws_access_key_id = AKIAAUDITAUDITAUDIT0\naws_secret_access_key = y\n',
    );
    authorizations.length = 0;

    // Act
    const out = await runBin(
      ['scan', '--profile', 'audit', '--region', 'eu-west-2', '--rule', 'root-account-mfa'],
      {
        env: { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_ENDPOINT_URL: endpoint },
      },
    );

    // Assess
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(
      /^driftwatch: Cannot identify the AWS account \(sts:GetCallerIdentity: InvalidClientTokenId/,
    );
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((a) => a.includes('Credential=AKIAAUDITAUDITAUDIT0/'))).toBe(true);
    expect(authorizations[0]).toMatch(/\/eu-west-2\/sts\/aws4_request/);
  });

  it('refuses a profile that is in neither shared file, naming both files and the known profiles, before any call', async () => {
    // Prepare
    const config = files.write(
      'config',
      '[default]\nregion = us-east-1\n[profile prod]\nregion = eu-west-1\n[sso-session corp]\n',
    );
    const credentials = files.write(
      'credentials2',
      '[ci]\naws_access_key_id = A\naws_secret_access_key = B\n',
    );
    authorizations.length = 0;

    // Act
    const out = await runCli(['scan', '--profile', 'audit'], {
      env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials },
    });

    // Assess
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr: `driftwatch: --profile: no profile "audit" in ${config} or ${credentials}; expected one of ci, default, prod (aws configure list-profiles).\n`,
    });
    expect(authorizations).toHaveLength(0);
  });

  it('refuses --profile with --snapshot, which reads no account', async () => {
    const config = files.write('config3', '[profile prod]\n');
    const out = await runCli(['scan', '--snapshot', 'demo/demo-account.json', '--profile', 'prod'], {
      env: { AWS_CONFIG_FILE: config },
    });
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr: 'driftwatch: --profile: a snapshot scan reads no AWS account (drop --snapshot or --profile).\n',
    });
  });
});
