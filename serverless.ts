// driftwatch: one scheduled Lambda function per rule, alerts to one encrypted SNS topic.
// osls (the open-source continuation of Serverless Framework v3, in devDependencies) loads this file
// with tsx. The functions and resources are generated from the rule registry (rules/index.ts) by
// deploy/template.ts, so adding a rule edits nothing here. Build first: `npm run build`
// (esbuild.config.mjs) writes dist/<function>/index.js; each function packages only its own bundle.
//
// Parameters (sls deploy --param="name=value"):
//   alertEmail        email address subscribed to the alerts and dead-letters topics (optional)
//   schedulesEnabled  false to deploy with every schedule off (default true)
//   regions           regions each run scans by default: "all" or a comma list (default all)
//   <function>Rate    schedule of one rule, e.g. rootAccountMfaRate="rate(12 hours)" (default: the rule's)
//   notify            on-change (default: alert on NEW, RESOLVED, reminders), on-fail, always, never
//   reminderHours     hours between reminders about a finding still failing; 0 for none (default 24)
//   reportEnabled     true deploys the scheduled posture report and its private S3 bucket (default false;
//                     deploy/report.ts), linked from the alert email
//   reportRate        schedule of the posture report (default rate(1 day))
//   securityHubExport true imports each run's findings into Security Hub (default false; deploy/security-hub.ts)
// Organization mode (scan member accounts; see README "Scan an AWS Organization"):
//   orgMode           true turns on the dispatcher schedule and each rule's SQS consumer (default false)
//   externalIdParameter  SSM SecureString holding the ExternalId the member roles trust
//                     (default /driftwatch/<stage>/external-id); never put in the environment
//   memberRoleName    path of the per-rule member roles, <memberRoleName>/<function> (default driftwatch-member)
//   orgScope          JSON scope: {"organization":true} (default), {"organizationalUnits":[...]},
//                     {"accounts":[...]}, each with an optional "exclude" list
//   scanConcurrency   maximum concurrent scans per rule (SQS maximumConcurrency, 2-1000, default 10)
//   maxReceiveCount   attempts before a scan message moves to its dead-letter queue (default 3)
//   dispatcherRate    schedule of the dispatcher (default rate(1 day))
import { isInvokeLocal, providerEnvironment } from './deploy/environment';
import { checkUniqueFunctions, functions, resources } from './deploy/template';
import { rules } from './rules';

checkUniqueFunctions(rules);
// `sls invoke local`: the shell's DRIFTWATCH_* variables win and nothing needs AWS to resolve; every
// other command (deploy, package) reads nothing from the shell (deploy/environment.ts).
const local = isInvokeLocal(process.argv);

module.exports = {
  service: 'driftwatch',
  provider: {
    name: 'aws',
    runtime: 'nodejs22.x',
    architecture: 'arm64',
    region: "${opt:region, 'us-east-1'}",
    stage: "${opt:stage, 'dev'}",
    memorySize: 512,
    timeout: 300,
    logRetentionInDays: 90,
    environment: providerEnvironment(local),
  },
  custom: {
    stateTableName: 'driftwatch-${sls:stage}-state',
  },
  package: { individually: true, patterns: ['!**'] },
  functions: functions(rules, local),
  resources: resources(rules),
};
