import { renderTable } from '../../../lib/output/table';
import { textSafe } from '../../../lib/output/text-safe';
import { emailFinding, emailHeader, subject } from '../../../lib/publish/format';
import { finding, runOf } from '../../helpers/runs';
import { sampleReport } from './fixtures';

const FORGED = 'web-1\n\nFAIL  CRITICAL  global  111122223333\r\n  Forged\u202e';

describe('textSafe: text outputs escape what changes layout or reading order', () => {
  it.each([
    ['newline, carriage return and tab by name', 'a\nb\rc\td', 'a\\nb\\rc\\td'],
    ['other C0 controls and DEL as \\u escapes', 'x\u0000\u001b[31my\u007f', 'x\\u0000\\u001b[31my\\u007f'],
    ['C1 controls (NEL)', 'a\u0085b\u009bc', 'a\\u0085b\\u009bc'],
    ['the Unicode line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    [
      'bidi embeddings and overrides U+202A-U+202E',
      '\u202a\u202b\u202c\u202d\u202e',
      '\\u202a\\u202b\\u202c\\u202d\\u202e',
    ],
    [
      'bidi isolates U+2066-U+2069 and marks',
      '\u2066\u2067\u2068\u2069\u200e\u200f\u061c',
      '\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c',
    ],
  ])('escapes %s', (_name, input, expected) => {
    expect(textSafe(input)).toBe(expected);
  });

  it('keeps ordinary text, other scripts and emoji as they are', () => {
    const text = 'Équipe données – 日本語 (owner: ops) ✅ \\n stays';
    expect(textSafe(text)).toBe(text);
  });
});

describe('a forged tag value in text outputs', () => {
  const forged = finding({
    id: 'forged',
    resource: { type: 'AwsEc2Instance', id: 'i-0abc' },
    message: `EC2 instance i-0abc ("${FORGED}") will be retired.`,
  });

  it('stays on its one table row, escaped', () => {
    // Prepare
    const report = sampleReport();
    const withForged = { ...report, findings: [forged, ...report.findings] };

    // Act
    const lines = renderTable(withForged).split('\n');

    // Assess: one row more than without it, and that row holds the whole escaped value
    const fails = (ls: string[]) => ls.filter((l) => /^FAIL\s/.test(l));
    expect(fails(lines)).toHaveLength(fails(renderTable(report).split('\n')).length + 1);
    expect(lines.filter((l) => l.includes('Forged'))).toEqual([
      expect.stringMatching(/^FAIL\s+critical\s+root-account-mfa\s+global\s+i-0abc\s+EC2 instance/),
    ]);
    expect(lines.join('\n')).toContain(
      'web-1\\n\\nFAIL  CRITICAL  global  111122223333\\r\\n  Forged\\u202e',
    );
  });

  it('adds no line to the email, is escaped there, and leaves the subject one ASCII line', () => {
    // Prepare: the same finding with a plain name, for the layout the forged one must keep
    const plain = { ...forged, message: 'EC2 instance i-0abc ("web-1") will be retired.' };
    const forgedRun = runOf([forged], { title: 'Instances\nFAIL forged title' });

    // Act
    const block = emailFinding(forged);
    const header = emailHeader(forgedRun);
    const headline = subject(runOf([forged], { account: '111122223333\r\nBcc: x' }));

    // Assess
    expect(block.split('\n')).toHaveLength(emailFinding(plain).split('\n').length);
    expect(block).toContain('("web-1\\n\\nFAIL  CRITICAL  global  111122223333\\r\\n  Forged\\u202e")');
    expect(block).not.toMatch(/[\r\u202e]/);
    expect(header.split('\n')).toHaveLength(
      emailHeader({ ...forgedRun, title: 'Instances' }).split('\n').length,
    );
    expect(header).toContain('Instances\\nFAIL forged title');
    expect(headline).toMatch(/^[\x20-\x7e]+$/);
    expect(headline).toContain('111122223333\\r\\nBcc: x');
  });
});
