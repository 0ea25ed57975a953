import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, runCli } from './io';

// Issue 12: a --state FILE that cannot be written used to exit 0 and print "0 new, 0 resolved"
// while findings failed. It is now checked before anything is scanned. (Tests run as root in CI
// containers, where file modes do not stop writes, so the unwritable paths here are structural.)
describe('driftwatch scan --state FILE that cannot be used', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-cli-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const scan = (state: string, ...more: string[]) =>
    runCli(['scan', '--snapshot', DEMO, '--rule', 'root-account-mfa', '--state', state, ...more]);

  it('exits 2 naming --state when the file would go in a directory that does not exist, and scans nothing', async () => {
    // Prepare
    const state = join(dir, 'missing', 'state.json');

    // Act
    const out = await scan(state);

    // Assess
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      `driftwatch: --state ${state}: cannot be written (ENOENT: no such file or directory); expected a state file that can be read and written (or a new file in a writable directory).\n`,
    );
  });

  it('exits 2 when a path component is a file', async () => {
    // Prepare
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');

    // Act
    const out = await scan(join(file, 'state.json'), '--format', 'json');

    // Assess
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^driftwatch: --state .*: cannot be written \(ENOTDIR: not a directory\);/);
  });

  it('exits 2 when --state names a directory', async () => {
    // Prepare
    const state = join(dir, 'state-dir');
    mkdirSync(state);

    // Act
    const out = await scan(state);

    // Assess
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`driftwatch: --state ${state}: is a directory;`);
  });

  it('checks before connecting to a live account', async () => {
    // Act: no --snapshot, so a scan would first need credentials
    const out = await runCli(['scan', '--state', join(dir, 'missing', 'state.json')]);

    // Assess: the state file is what is reported, not the credentials
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^driftwatch: --state .*: cannot be written/);
  });

  it('leaves no probe file behind and tracks drift in a usable file', async () => {
    // Prepare
    const state = join(dir, 'state.json');

    // Act
    const out = await scan(state);

    // Assess
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      `Since the last scan (${state}): 1 new, 0 resolved, 0 still failing, 0 suppressed.`,
    );
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(existsSync(state) && JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({
      schema: 'driftwatch.state/1',
    });
  });
});
