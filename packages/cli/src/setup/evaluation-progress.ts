import type { ProgressOutput } from '@adapters/trainer';

// A TTY line is redrawn at most 10 times a second; a log (CI, file) gets a line every 10 s of a long pass.
const REDRAW_MS = 100;
const LOG_LINE_MS = 10_000;

export interface EvaluationProgress {
  /** `rows` more examples were scored. */
  advance(rows: number): void;
  /** Clears the live line (TTY). */
  done(): void;
}

/**
 * Progress of an evaluation pass over `total` examples (`eval 320/872 examples`): redrawn in place on a TTY,
 * one line every 10 s elsewhere, so a long dev set does not look hung. Goes to stderr by default.
 */
export function evaluationProgress(total: number, output: ProgressOutput = process.stderr, now: () => number = Date.now): EvaluationProgress {
  const started = now();
  let done = 0;
  let last = started;
  let drawn = false;
  const text = () => `eval ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} examples`;
  return {
    advance(rows) {
      done += rows;
      const time = now();
      if (output.isTTY === true) {
        if (time - last < REDRAW_MS && done < total) return;
        output.write(`\r${text()}\u001b[K`);
        drawn = true;
      } else {
        if (time - last < LOG_LINE_MS) return;
        output.write(`${text()}\n`);
      }
      last = time;
    },
    done() {
      if (drawn) output.write('\r\u001b[K');
      drawn = false;
    },
  };
}
