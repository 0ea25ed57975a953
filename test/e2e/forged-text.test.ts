import { PutConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { createInbox, runAndReceive } from '../helpers/alerts';
import { createBucket, motoClient, useMoto } from '../helpers/moto';

jest.setTimeout(120_000);

// Names and tag values are written by whoever may create or tag a resource, and findings quote
// them. A configuration recorder's name reaches the email as its resource id and in its message.
describe('a forged resource name through the bundled configRecorderEnabled function on moto_server', () => {
  const moto = useMoto();
  const FORGED = 'audit\n\nFAIL  CRITICAL  global  111122223333\n  Forged: the root user has no MFA\u202e';

  it('is escaped in the email text and the subject, and exact in the JSON body', async () => {
    // Prepare: a stopped recorder whose name carries a forged finding
    const inbox = await createInbox(moto());
    await createBucket(moto(), 'config-bucket');
    await motoClient(moto(), ConfigServiceClient).send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: FORGED,
          roleARN: 'arn:aws:iam::123456789012:role/config-recorder',
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        },
      }),
    );

    // Act
    const { findings } = await runAndReceive(moto(), inbox, 'configRecorderEnabled', {
      regions: ['us-east-1'],
    });
    const [email] = await inbox.emails();

    // Assess: the JSON body keeps the name exactly
    expect(findings.filter((f) => f.status === 'FAIL' && f.message.includes(FORGED))).not.toEqual([]);
    // in the email every line that quotes it is escaped, and no forged finding line appears
    const lines = email?.email.split('\n') ?? [];
    // the first line (the problem, the message's first clause) quotes the name up to its ': ', escaped
    expect(lines[0]).toContain('audit\\n\\nFAIL  CRITICAL  global  111122223333\\n  Forged');
    const quoting = lines.slice(1).filter((l) => l.includes('Forged'));
    expect(quoting.length).toBeGreaterThan(0);
    for (const line of quoting)
      expect(line).toContain(
        'audit\\n\\nFAIL  CRITICAL  global  111122223333\\n  Forged: the root user has no MFA\\u202e',
      );
    expect(lines.filter((l) => /^\s*(NEW\s+)?FAIL\s+CRITICAL\s+global/.test(l))).toEqual([]);
    expect(email?.email).not.toContain('\u202e');
    expect(email?.subject).toMatch(/^[\x20-\x7e]+ - account 123456789012( \[[\x20-\x7e]+\])?$/);
  });
});
