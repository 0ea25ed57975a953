import { accessSync, constants, existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { errorMessage, ValidationError } from '../lib/errors';
import { FileStateStore } from '../lib/state/file';

/**
 * Opens `--state FILE` before anything is scanned: the file must be readable if it exists, and its
 * directory must let the store write it (the store writes a temporary file beside it, then renames
 * it over the file), so a scan never ends reporting "0 new" because its state could not be saved.
 * A ValidationError names --state, the file and the reason (exit code 2).
 */
export function openStateFile(path: string): FileStateStore {
  const refuse = (problem: string, cause?: unknown): never => {
    throw new ValidationError(
      `--state ${path}: ${problem}; expected a state file that can be read and written (or a new file in a writable directory).`,
      ['--state'],
      cause === undefined ? undefined : { cause },
    );
  };
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) refuse('is a directory');
    try {
      accessSync(path, constants.R_OK);
    } catch (error) {
      refuse(`cannot be read (${fsReason(error)})`, error);
    }
  }
  // The same temporary name the store writes; removed at once.
  const probe = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(probe, '');
  } catch (error) {
    refuse(`cannot be written (${fsReason(error)})`, error);
  }
  unlinkSync(probe);
  return new FileStateStore(path);
}

/** `EACCES: permission denied, open '/x/y.tmp-1'` → `EACCES: permission denied` (the probe's name would mislead). */
function fsReason(error: unknown): string {
  // Duck-typed: an fs error may come from another realm (e.g. under a test runner's sandbox).
  const own = (error as { message?: unknown } | undefined)?.message;
  const message = typeof own === 'string' ? own : errorMessage(error);
  return message.split(', ')[0] ?? message;
}
