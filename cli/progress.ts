import type { OutputStream } from './io';

/** Progress of a live scan, one step per rule and region. Silent unless stderr is a TTY. */
export interface Progress {
  /** Adds steps once a rule's regions are known. */
  add(steps: number): void;
  /** One rule × region evaluated. */
  tick(label: string): void;
  done(): void;
}

export const silentProgress: Progress = { add() {}, tick() {}, done() {} };

/** A one-line counter redrawn in place on stderr: `[7/18] cloudtrail-enabled eu-west-1`. */
export function ttyProgress(stream: OutputStream): Progress {
  if (!stream.isTTY) return silentProgress;
  let total = 0;
  let finished = 0;
  const width = Math.max(20, (stream.columns ?? 80) - 1);
  const draw = (label: string) =>
    stream.write(`\r\u001b[2K${`[${finished}/${total}] ${label}`.slice(0, width)}`);
  return {
    add(steps) {
      total += steps;
    },
    tick(label) {
      finished += 1;
      draw(label);
    },
    done() {
      if (total > 0) stream.write('\r\u001b[2K');
    },
  };
}
