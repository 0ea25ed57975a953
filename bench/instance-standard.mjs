// Benchmark: instance-standard classification of 10,000 running instances against 500 images
// (20 families, two architectures; a quarter of the families on SSM parameters), in 50 Auto
// Scaling groups plus unmanaged instances. Target: under 200 ms of CPU. Reports the CPU time of
// classification alone (ImageCatalog + classify for every instance) and of the rule's whole
// evaluate (findings and group refresh plans included), first run (cold JIT) and the median of 5.
// Run on demand: `node bench/instance-standard.mjs` (not part of npm test).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-'));
const out = join(dir, 'instance-standard.cjs');
await build({
  stdin: {
    contents: [
      "export { instanceStandard } from './rules/instance-standard';",
      "export { classify } from './rules/instance-standard/classify';",
      "export { ImageCatalog } from './rules/instance-standard/image-catalog';",
      "export { StoredInventory, storedValues } from './lib/inventory/memory';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  mainFields: ['module', 'main'],
  outfile: out,
  logLevel: 'error',
});
const { instanceStandard, classify, ImageCatalog, StoredInventory, storedValues } = createRequire(
  import.meta.url,
)(out);
rmSync(dir, { recursive: true, force: true });

const INSTANCES = 10_000;
const IMAGES = 500;
const FAMILIES = 20;
const GROUPS = 50;
const REGION = 'us-east-1';
const now = new Date('2026-11-21T12:00:00Z');
const HOUR = 3_600_000;
const ago = (h) => new Date(now.getTime() - h * HOUR).toISOString();
const hex = (n, width = 17) => n.toString(16).padStart(width, '0');
const arches = ['x86_64', 'arm64'];

// 500 images: 25 per family, 12 hours apart, alternating architectures.
const images = Array.from({ length: IMAGES }, (_, i) => {
  const family = i % FAMILIES;
  const generation = Math.floor(i / FAMILIES);
  return {
    imageId: `ami-${hex(i)}`,
    name: `golden-f${family}-${String(generation).padStart(3, '0')}-${arches[i % 2]}`,
    state: 'available',
    creationDate: ago((25 - generation) * 12),
    architecture: arches[i % 2],
    ownerId: '111122223333',
    tags: generation % 5 === 0 ? { 'driftwatch:image-family': `f${family}` } : {},
  };
});
const families = Object.fromEntries(
  Array.from({ length: FAMILIES }, (_, f) => [
    `f${f}`,
    f % 4 === 0
      ? { parameter: `/golden/f${f}/ami`, namePattern: `golden-f${f}-*` }
      : { namePattern: `golden-f${f}-*` },
  ]),
);
const newest = (f, arch) =>
  images.filter((i) => i.name.startsWith(`golden-f${f}-`) && i.architecture === arch).at(-1);
const parameters = Object.entries(families)
  .filter(([, c]) => c.parameter)
  .map(([name, c]) => ({
    name: c.parameter,
    value: newest(name.slice(1), 'x86_64').imageId,
    version: 4,
    lastModified: ago(9),
    dataType: 'aws:ec2:image',
  }));

// 10,000 instances: 90% in groups, spread over the images (older generations less often).
const groupMembers = Array.from({ length: GROUPS }, () => []);
const instances = Array.from({ length: INSTANCES }, (_, i) => {
  const image = images[IMAGES - 1 - ((i * 7) % 60)];
  const managed = i % 10 !== 0;
  const group = i % GROUPS;
  const instanceId = `i-${hex(i)}`;
  if (managed) groupMembers[group].push(instanceId);
  const tags = {
    Name: `host-${i}`,
    Owner: i % 13 === 0 ? undefined : 'team',
    'aws:ec2launchtemplate:id': `lt-${hex(group)}`,
    'aws:ec2launchtemplate:version': String(3 + (i % 2)),
  };
  if (i % 17 === 0) tags['driftwatch:max-lifetime'] = i % 34 === 0 ? '3 days' : '48h';
  if (!tags.Owner) delete tags.Owner;
  return {
    instanceId,
    imageId: image.imageId,
    architecture: image.architecture,
    launchTime: ago((i % 40) + 0.5),
    httpTokens: i % 9 === 0 ? 'optional' : 'required',
    httpEndpoint: 'enabled',
    tags,
  };
});
const groups = groupMembers.map((members, g) => ({
  name: `asg-${g}`,
  desiredCapacity: members.length,
  minSize: 1,
  maxSize: members.length * 2,
  launchTemplate: {
    id: `lt-${hex(g)}`,
    name: `lt-${g}`,
    configuredVersion: '$Latest',
    launchesVersion: 4,
    latestVersion: 4,
    defaultVersion: 3,
    imageId: newest(g % FAMILIES, arches[g % 2]).imageId,
  },
  instances: members.map((instanceId) => ({
    instanceId,
    lifecycleState: 'InService',
    healthStatus: 'Healthy',
  })),
}));

const params = instanceStandard.params.parse({ families });
const ownedById = new Map(images.map((i) => [i.imageId, i]));
const parameterByName = new Map(parameters.map((p) => [p.name, p]));
const groupOf = new Map();
for (const group of groups)
  for (const member of group.instances) groupOf.set(member.instanceId, { group, member });

function cpuMs(fn) {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
}
async function cpuMsAsync(fn) {
  const start = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function classifyAll() {
  const image = (id) => ownedById.get(id);
  const catalog = new ImageCatalog({
    params,
    owned: images,
    image,
    parameter: (n) => parameterByName.get(n),
    now,
  });
  return instances.map((i) => classify(i, { params, catalog, image, groupOf, now }));
}
const inventory = new StoredInventory(
  storedValues({
    'ec2.runningInstances': { [REGION]: instances },
    'ec2.ownedImages': { [REGION]: images },
    'autoscaling.groups': { [REGION]: groups },
    'ssm.imageParameters': {
      [REGION]: { requested: parameters.map((p) => p.name).sort(), found: parameters },
    },
    'ec2.imagesById': { [REGION]: { requested: [], found: [] } },
    'autoscaling.activeRefreshes': { [REGION]: { requested: groups.map((g) => g.name).sort(), found: [] } },
  }),
);
const evaluate = () =>
  instanceStandard.evaluate({ inventory, account: '111122223333', region: REGION, params, now });

const coldClassify = cpuMs(classifyAll);
const warmClassify = median(Array.from({ length: 5 }, () => cpuMs(classifyAll).ms));
const coldEvaluate = await cpuMsAsync(evaluate);
const warm = [];
for (let k = 0; k < 5; k++) warm.push((await cpuMsAsync(evaluate)).ms);
const warmEvaluate = median(warm);

const counts = {};
for (const v of coldClassify.result) counts[v.class] = (counts[v.class] ?? 0) + 1;
const findings = coldEvaluate.result;
const result = {
  instances: INSTANCES,
  images: IMAGES,
  families: FAMILIES,
  groups: GROUPS,
  classes: counts,
  findings: findings.length,
  refreshesPlanned: findings.filter((f) => f.action).length,
  classifyCpuMs: { first: Math.round(coldClassify.ms), median: Math.round(warmClassify) },
  evaluateCpuMs: { first: Math.round(coldEvaluate.ms), median: Math.round(warmEvaluate) },
  targetMs: 200,
  withinTarget: coldClassify.ms < 200 && warmClassify < 200,
};
console.log(JSON.stringify(result, null, 2));
if (!result.withinTarget) process.exitCode = 1;
