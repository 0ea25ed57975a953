import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { driftCounts } from '../lib/alerting';
import { errorMessage, ValidationError } from '../lib/errors';
import { renderAsff } from '../lib/output/asff';
import { renderJson } from '../lib/output/json';
import { renderJunit } from '../lib/output/junit';
import { renderOcsf, renderOcsfJsonl } from '../lib/output/ocsf';
import type { ScanReport } from '../lib/output/report';
import { renderSarif } from '../lib/output/sarif';
import { renderTable } from '../lib/output/table';
import type { CliIo, OutputStream } from './io';
import { useColour } from './io';
import type { Format } from './scan-flags';

/** Where the scan's output goes: stdout, or `--output FILE` (checked writable before the scan). */
export interface OutputTarget {
  /** The stream the output is shaped for (colour and width); undefined for a file. */
  readonly stream: OutputStream | undefined;
  write(text: string): void;
  /** Writes a file target whole (temporary file, then rename), so a reader never sees half of it. */
  close(): void;
  /** After a failed scan: removes the temporary file; FILE is left as it was. */
  abandon(): void;
}

/** stdout, or `--output FILE` after checking that FILE can be written (exit 2 naming the flag if not). */
export function outputTarget(file: string | undefined, io: CliIo): OutputTarget {
  if (file === undefined)
    return { stream: io.stdout, write: (text) => void io.stdout.write(text), close() {}, abandon() {} };
  const refuse = (problem: string, cause?: unknown): never => {
    throw new ValidationError(
      `--output ${file}: ${problem}; expected a file that can be written (or a new file in a writable directory).`,
      ['--output'],
      cause === undefined ? undefined : { cause },
    );
  };
  if (existsSync(file) && statSync(file).isDirectory()) refuse('is a directory');
  const temp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, ''); // the probe is the temporary file the output is written to
  } catch (error) {
    refuse(`cannot be written (${fsReason(error)})`, error);
  }
  let text = '';
  return {
    stream: undefined,
    write(part) {
      text += part;
    },
    close() {
      try {
        writeFileSync(temp, text);
        renameSync(temp, file);
      } catch (error) {
        refuse(`cannot be written (${fsReason(error)})`, error);
      }
    },
    abandon() {
      if (existsSync(temp)) unlinkSync(temp);
    },
  };
}

/** The report in the chosen format; the table is coloured and wrapped for the target's stream. */
export function render(
  report: ScanReport,
  format: Format,
  io: CliIo,
  target: OutputTarget,
  all: boolean,
): string {
  if (format === 'json') return renderJson(report);
  if (format === 'ocsf') return renderOcsf(report);
  if (format === 'ocsf-jsonl') return renderOcsfJsonl(report);
  if (format === 'asff')
    return renderAsff(report, io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1');
  if (format === 'junit') return renderJunit(report);
  if (format === 'sarif') return renderSarif(report);
  const stream = target.stream;
  return renderTable(report, {
    colour: useColour(stream, io.env),
    all,
    ...(stream?.isTTY && stream.columns ? { width: stream.columns } : {}),
  });
}

/** `Since the last scan (state.json): 1 new, 0 resolved, 2 still failing, 0 suppressed.` */
export function driftLine(report: ScanReport, file: string): string {
  const d = driftCounts(report.findings);
  return `Since the last scan (${file}): ${d.new} new, ${d.resolved} resolved, ${d.stillFailing} still failing, ${d.suppressed} suppressed.\n`;
}

export function untrackedLine(file: string): string {
  return `Since the last scan (${file}): not known; the state file could not be used (see the error above), so every failing finding is shown as is.\n`;
}

/** `ENOENT: no such file or directory, open '/x/y.tmp-1'` → `ENOENT: no such file or directory`. */
function fsReason(error: unknown): string {
  // Duck-typed: an fs error may come from another realm (e.g. under a test runner's sandbox).
  const own = (error as { message?: unknown } | undefined)?.message;
  const message = typeof own === 'string' ? own : errorMessage(error);
  return message.split(', ')[0] ?? message;
}
