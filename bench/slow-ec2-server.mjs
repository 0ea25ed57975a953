// A loopback EC2/STS Query-API server for the large-account benchmark: it answers the reads of
// ebs-snapshot-lifecycle from a synthetic account in EC2's XML, and it is slow the way a big account
// is: a page costs time in proportion to its items (a 2,000-snapshot page 2-7 s at scale 1), and the
// server shares its capacity between the requests in flight (processor sharing) with an overlap
// penalty, so pages sent together all get slower. A request the client abandoned (socket timeout)
// keeps costing the server until its work is done, as on a real service.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { URLSearchParams } from 'node:url';

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tagSet = (tags = []) =>
  `<tagSet>${tags.map((t) => `<item><key>${esc(t.Key)}</key><value>${esc(t.Value)}</value></item>`).join('')}</tagSet>`;
const iso = (d) => (d instanceof Date ? d.toISOString() : String(d));
const token = (next) => (next ? `<nextToken>${next}</nextToken>` : '');
const ec2 = (action, body) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>bench</requestId>${body}</${action}Response>`;

/** Milliseconds of server work per item, by action, at scale 1 (before the 2-7 s spread). */
const COST_PER_ITEM = {
  DescribeSnapshots: 1 / 2000, // x (2..7 s) per item
  DescribeVolumes: 0.3 / 2000,
  DescribeImages: 1 / 2000,
  DescribeLaunchTemplateVersions: 0.5 / 2000,
};
const FIXED_MS = 20;

/** Serialises one page of the fake's answer for `action` as EC2 XML. */
function toXml(action, out) {
  switch (action) {
    case 'DescribeSnapshots':
      return ec2(
        action,
        `<snapshotSet>${out.Snapshots.map(
          (s) =>
            `<item><snapshotId>${s.SnapshotId}</snapshotId><volumeId>${s.VolumeId}</volumeId><status>${s.State}</status><startTime>${iso(s.StartTime)}</startTime><progress>100%</progress><ownerId>111122223333</ownerId><volumeSize>8</volumeSize><description>bench</description><encrypted>false</encrypted><storageTier>standard</storageTier>${tagSet(s.Tags)}</item>`,
        ).join('')}</snapshotSet>${token(out.NextToken)}`,
      );
    case 'DescribeVolumes':
      return ec2(
        action,
        `<volumeSet>${out.Volumes.map(
          (v) =>
            `<item><volumeId>${v.VolumeId}</volumeId><size>${v.Size}</size><availabilityZone>${v.AvailabilityZone}</availabilityZone><status>${v.State}</status><createTime>${iso(v.CreateTime)}</createTime><volumeType>gp3</volumeType><encrypted>false</encrypted>${tagSet(v.Tags)}</item>`,
        ).join('')}</volumeSet>${token(out.NextToken)}`,
      );
    case 'DescribeImages':
      return ec2(
        action,
        `<imagesSet>${out.Images.map(
          (i) =>
            `<item><imageId>${i.ImageId}</imageId><blockDeviceMapping>${i.BlockDeviceMappings.map(
              (m) =>
                `<item><deviceName>${m.DeviceName}</deviceName><ebs><snapshotId>${m.Ebs.SnapshotId}</snapshotId></ebs></item>`,
            ).join('')}</blockDeviceMapping></item>`,
        ).join('')}</imagesSet>${token(out.NextToken)}`,
      );
    case 'DescribeLaunchTemplateVersions':
      return ec2(
        action,
        `<launchTemplateVersionSet>${out.LaunchTemplateVersions.map(
          (v) =>
            `<item><launchTemplateId>${v.LaunchTemplateId}</launchTemplateId><versionNumber>${v.VersionNumber}</versionNumber><launchTemplateData><blockDeviceMappingSet>${v.LaunchTemplateData.BlockDeviceMappings.map(
              (m) => `<item><ebs><snapshotId>${m.Ebs.SnapshotId}</snapshotId></ebs></item>`,
            ).join('')}</blockDeviceMappingSet></launchTemplateData></item>`,
        ).join('')}</launchTemplateVersionSet>${token(out.NextToken)}`,
      );
    case 'DescribeLockedSnapshots':
      return ec2(action, '<snapshotSet/>');
    case 'DescribeRegions':
      return ec2(
        action,
        `<regionInfo>${out.Regions.map(
          (r) =>
            `<item><regionName>${r.RegionName}</regionName><regionEndpoint>ec2.${r.RegionName}.amazonaws.com</regionEndpoint><optInStatus>${r.OptInStatus}</optInStatus></item>`,
        ).join('')}</regionInfo>`,
      );
    case 'GetCallerIdentity':
      return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${out.Arn}</Arn><UserId>${out.UserId}</UserId><Account>${out.Account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
    default:
      return undefined;
  }
}

/** Query-string input → the SDK-shaped input the fake pages by (MaxResults, NextToken). */
function inputOf(params) {
  const input = {};
  if (params.has('MaxResults')) input.MaxResults = Number(params.get('MaxResults'));
  if (params.has('NextToken')) input.NextToken = params.get('NextToken');
  return input;
}

/** Deterministic spread in [0, 1) from a request's identity, so runs are comparable. */
function spread(key) {
  let h = 2166136261;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

/**
 * Starts the server on 127.0.0.1 (a free port). `answer(action, region, input)` is the synthetic
 * account (FakeAwsClients.answer). `scale` multiplies every service time; `overlapPenalty` is the
 * extra slowdown per other request in flight.
 */
export async function startSlowEc2Server({ answer, scale = 1, overlapPenalty = 0.25 }) {
  const jobs = new Set();
  const stats = { requests: {}, abandoned: 0, maxInFlight: 0 };
  let timer;
  let last = performance.now();
  const rate = () => 1 / (jobs.size * (1 + overlapPenalty * (jobs.size - 1)));
  const advance = () => {
    const now = performance.now();
    const done = (now - last) * (jobs.size ? rate() : 0);
    last = now;
    for (const j of jobs) j.left -= done;
    for (const j of [...jobs]) {
      if (j.left > 1e-6) continue;
      jobs.delete(j);
      j.finish();
    }
    clearTimeout(timer);
    if (jobs.size) {
      const next = Math.min(...[...jobs].map((j) => j.left)) / rate();
      timer = setTimeout(advance, Math.max(1, next));
    }
  };
  const work = (ms) =>
    new Promise((finish) => {
      advance();
      jobs.add({ left: ms, finish });
      stats.maxInFlight = Math.max(stats.maxInFlight, jobs.size);
      advance();
    });

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = params.get('Action') ?? '';
      const region =
        /Credential=[^/]+\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'us-east-1';
      const service = action === 'GetCallerIdentity' ? 'sts' : 'ec2';
      const out = answer(`${service}:${action}`, region, inputOf(params));
      const xml = toXml(action, out);
      const key = `${action}@${region}`;
      stats.requests[key] = (stats.requests[key] ?? 0) + 1;
      if (!xml) {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(
          ec2(
            'Error',
            `<Errors><Error><Code>UnsupportedOperation</Code><Message>${esc(action)}</Message></Error></Errors>`,
          ),
        );
        return;
      }
      const items = Object.values(out).find(Array.isArray)?.length ?? 0;
      const perItem =
        (COST_PER_ITEM[action] ?? 0) *
        (2000 + 5000 * spread(`${key}:${params.get('NextToken') ?? ''}:${stats.requests[key]}`));
      let gone = false;
      res.on('close', () => (gone = !res.writableFinished));
      await work((FIXED_MS + items * perItem) * scale);
      if (gone || res.destroyed) {
        stats.abandoned += 1;
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
      res.end(xml);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    reset() {
      stats.requests = {};
      stats.abandoned = 0;
      stats.maxInFlight = 0;
    },
    /** Stops the server: open sockets are closed and pending work is dropped. */
    async close() {
      clearTimeout(timer);
      for (const j of jobs) j.finish();
      jobs.clear();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
