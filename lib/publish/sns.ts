import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import type { ClientFactory } from '../aws/clients';
import type { RunResult } from '../engine';
import { awsErrorCode, errorMessage, PublishError } from '../errors';
import type { Finding } from '../findings';
import { truncate } from '../validation';
import { runBody } from './body';
import {
  changeWorthy,
  emailBody,
  emailFinding,
  emailFooter,
  emailHeader,
  emailWorthy,
  subject,
} from './format';

/** SNS's limit is 256 KiB for the message and its attributes; keep a margin for attributes. */
export const SNS_MESSAGE_BUDGET = 250_000;

/**
 * `on-change`: only when something changed (NEW, RESOLVED, a reminder, a non-routine change made,
 * any change failed; routine maintenance done, such as a scheduled snapshot, is not news);
 * `on-fail`: also whenever something fails; `always`; `never`.
 */
export type NotifyPolicy = 'on-change' | 'on-fail' | 'always' | 'never';

export interface SnsMessage {
  readonly subject: string;
  /** `MessageStructure: json`: `{ default: <JSON findings>, email: <text> }`. */
  readonly message: string;
  readonly attributes: Record<string, MessageAttributeValue>;
}

/** The JSON body (built by `runBody`, lib/publish/body.ts, which the function's response shares). */
export type { RunMessage } from './body';

/**
 * Whether this run warrants a message. With drift tracked, `on-change` sends only what changed; a
 * failing finding without drift (the state store was unavailable) falls back to `on-fail`, so an
 * outage of the store never silences an alert.
 */
export function shouldNotify(run: RunResult, policy: NotifyPolicy): boolean {
  if (policy === 'never') return false;
  if (policy === 'always') return true;
  const changed = run.findings.some((f) => f.drift?.notify === true || changeWorthy(f.remediation));
  const failing = run.counts.FAIL > 0 || run.counts.ERROR > 0;
  if (policy === 'on-fail') return changed || failing;
  const untracked = run.findings.some((f) => (f.status === 'FAIL' || f.status === 'ERROR') && !f.drift);
  return changed || (untracked && failing);
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Builds the run's SNS messages, splitting the findings across several when one would exceed the
 * size limit. Each part carries the whole run summary so it reads on its own.
 */
export function buildMessages(
  run: RunResult,
  remediationText?: string,
  runId: string = randomUUID(),
  driftOff?: string,
  reportLink?: string,
): SnsMessage[] {
  const { findings } = run;
  // Group findings so that each part stays under budget. A finding costs its JSON (escaped once more
  // inside the outer JSON) plus its email lines; the fixed overhead is measured on an empty part.
  const overhead = bytes(
    render(run, [], { index: 99, total: 99 }, remediationText, runId, driftOff, reportLink).message,
  );
  const groups: Finding[][] = [[]];
  let size = overhead;
  for (const f of findings) {
    const cost =
      bytes(JSON.stringify(JSON.stringify(f))) +
      (emailWorthy(f) ? bytes(JSON.stringify(emailFinding(f))) : 0) +
      8;
    const current = groups[groups.length - 1] as Finding[];
    if (size + cost > SNS_MESSAGE_BUDGET && current.length > 0) {
      groups.push([f]);
      size = overhead + cost;
    } else {
      current.push(f);
      size += cost;
    }
  }
  return groups.map((group, i) =>
    render(run, group, { index: i + 1, total: groups.length }, remediationText, runId, driftOff, reportLink),
  );
}

function render(
  run: RunResult,
  findings: readonly Finding[],
  part: { index: number; total: number },
  remediationText: string | undefined,
  runId: string,
  driftOff: string | undefined,
  reportLink?: string,
): SnsMessage {
  const body = runBody(run, findings, part, runId, driftOff);
  const email = [
    emailHeader(run, part, driftOff),
    emailBody(findings),
    emailFooter(run, findings, remediationText, reportLink),
  ].join('\n\n');
  return {
    subject: subject(run, part),
    message: JSON.stringify({ default: JSON.stringify(body), email }),
    attributes: {
      rule: { DataType: 'String', StringValue: run.ruleId },
      account: { DataType: 'String', StringValue: run.account },
      worstSeverity: { DataType: 'String', StringValue: run.worstSeverity ?? 'none' },
      failCount: { DataType: 'Number', StringValue: String(run.counts.FAIL) },
      errorCount: { DataType: 'Number', StringValue: String(run.counts.ERROR) },
      partial: { DataType: 'String', StringValue: String(run.partial) },
      runId: { DataType: 'String', StringValue: runId },
      part: { DataType: 'String', StringValue: `${part.index}/${part.total}` },
    },
  };
}

/**
 * Publishes the run to the topic, every part with the same `runId` (one per call unless given), so
 * a part SNS delivers twice (a retried Publish whose reply was lost) is recognisable. Throws
 * `PublishError` (after every part was tried; each AWS message cut to a few hundred characters) so
 * the function fails and Lambda's retry and dead-letter handling apply.
 */
export async function publishRun(
  clients: ClientFactory,
  topicArn: string,
  run: RunResult,
  remediationText?: string,
  runId: string = randomUUID(),
  driftOff?: string,
  /** The posture report's link for the email footer (lib/config.ts `reportLink`). */
  reportLink?: string,
): Promise<string[]> {
  const region = topicArn.split(':')[3] ?? process.env.AWS_REGION ?? 'us-east-1';
  const sns = clients.get(SNSClient, region);
  const ids: string[] = [];
  const failures: string[] = [];
  for (const m of buildMessages(run, remediationText, runId, driftOff, reportLink)) {
    try {
      const out = await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: m.subject,
          Message: m.message,
          MessageStructure: 'json',
          MessageAttributes: m.attributes,
        }),
      );
      ids.push(out.MessageId ?? '');
    } catch (error) {
      failures.push(`${awsErrorCode(error)}: ${truncate(errorMessage(error), 300)}`);
    }
  }
  if (failures.length > 0) {
    throw new PublishError(
      `Could not publish ${failures.length} message(s) to ${truncate(topicArn, 300)}: ${failures.slice(0, 3).join('; ')}`,
    );
  }
  return ids;
}
