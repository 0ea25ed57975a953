import { requestDefaults, requestLimits } from '../lib/request';

/** `driftwatch scan --help`. */
export const SCAN_HELP = `Usage: driftwatch scan [options]

Evaluates rules against a live AWS account (the environment's credentials, or --profile) or a
recorded snapshot file, and prints the findings.

What to scan:
  --snapshot FILE     Scan a snapshot file instead of the live account (offline; no credentials).
                      Rules evaluate as of the snapshot's capture time, so results are reproducible.
                      A selected rule the file has no data for is listed as not evaluated; the rest run.
  --profile NAME      Use this profile of ~/.aws/config or ~/.aws/credentials (as AWS_PROFILE does).
  --region REGION     Scan only this region, and send the account-wide calls (STS, DescribeRegions)
                      there (as AWS_REGION does). Not with --regions.
  --regions LIST      "all" (default: every enabled region, or the snapshot's regions) or e.g. us-east-1,eu-west-1.
  --exclude-regions LIST
                      Leave these regions out, e.g. --exclude-regions ap-east-1,me-south-1.
  --rule ID           Only this rule (repeat, or comma-separate). Default: every rule (driftwatch rules).
  --exclude-rule ID   Leave this rule out (repeat, or comma-separate).
  --params JSON       Rule parameters: '{"rotationDays":60}' sets it for every selected rule that takes
                      it, '{"iam-credentials":{"rotationDays":60}}' for one rule. Checked against each
                      rule's schema as a deployed function checks its payload (driftwatch rules lists them).
  --param KEY=VALUE   One parameter (repeat): rotationDays=60, or iam-credentials.rotationDays=60 for one
                      rule. VALUE is read as JSON when it is JSON (60, true, ["Name"]), else as text.
                      --param wins over --params, which wins over DRIFTWATCH_PARAMS (the same JSON forms).

Output:
  --format FORMAT     table (default), json, ocsf (a JSON array of OCSF 1.3 Compliance Findings),
                      ocsf-jsonl (one OCSF finding per line), asff (Security Hub findings; region
                      AWS_REGION), junit or sarif (CI gates).
  --output FILE       Write the output to FILE instead of stdout (checked before scanning, written whole).
  --all               Table: also show PASS and NOT_APPLICABLE findings.
  -q, --quiet         No progress line and no notes on stderr (errors and warnings still show).
                      Colour: on a terminal unless NO_COLOR is set; FORCE_COLOR=1 forces it (also into
                      --output), FORCE_COLOR=0 turns it off.

Gate:
  --fail-on LEVEL     Exit 1 when a FAIL finding is of this severity or worse (critical, high, medium,
                      low, informational); with error (alone or e.g. high,error) also when a check could
                      not run: an ERROR finding, or a rule the snapshot has no data for.
                      Default: exit 0 whatever the findings.

Changes:
  --remediate         Carry out the rules' planned fixes (live only). Off by default: a scan only reports.
  --dry-run           With --remediate: show what would be changed, change nothing.
  --max-changes N     The most fixes one scan carries out: 0 to ${requestLimits.maxChanges} (default ${requestDefaults.maxChanges});
                      the rest are left for the next run.
  --suppressions FILE Accepted risks (reason, owner, expiry); default: the suppressions.json shipped with
                      driftwatch. Matching FAIL findings show as SUPPRESSED until the day after expiry.
  --state FILE        Remember findings between scans in FILE and mark each NEW, STILL_FAILING or
                      RESOLVED since the previous scan (one scan at a time per file).
  --deadline DURATION Finish within this time (90s, 15m, 2h; 1m to 12h; default 15m): AWS calls are cut
                      off when it passes, and no fix is started too close to it.
  -h, --help          Show this help.

Exit codes: 0 scanned, 1 --fail-on threshold reached, 2 could not scan (bad option, file or credentials).

Examples:
  driftwatch scan --snapshot demo/demo-account.json
  driftwatch scan --profile audit --region eu-west-1 --rule root-account-mfa --format json
  driftwatch scan --exclude-regions ap-east-1 --fail-on high,error --format ocsf --output findings.ocsf.json
  driftwatch scan --rule iam-credentials --param rotationDays=60
`;

/** The output formats of `--format`. */
export const FORMATS = ['table', 'json', 'ocsf', 'ocsf-jsonl', 'asff', 'junit', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** The flags of `driftwatch scan` (util.parseArgs options; shell completion is generated from them). */
export const SCAN_FLAGS = {
  snapshot: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  regions: { type: 'string' },
  'exclude-regions': { type: 'string' },
  rule: { type: 'string', multiple: true },
  'exclude-rule': { type: 'string', multiple: true },
  params: { type: 'string' },
  param: { type: 'string', multiple: true },
  format: { type: 'string', default: 'table' },
  output: { type: 'string' },
  all: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  'fail-on': { type: 'string' },
  remediate: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  'max-changes': { type: 'string' },
  suppressions: { type: 'string' },
  state: { type: 'string' },
  deadline: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;
