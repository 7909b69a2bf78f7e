/** Where progress goes: `process.stdout` by default. A TTY gets one line redrawn in place. */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** What the progress line shows after a step. */
export interface ProgressSnapshot {
  readonly step: number;
  readonly totalSteps: number;
  readonly epoch: number;
  readonly loss: number;
  readonly learningRate: number;
  readonly examplesPerSecond: number;
  /** Estimated seconds to the last step; undefined before the first timed step. */
  readonly secondsRemaining: number | undefined;
}

// Redrawing at every step of a fast model would cost more than the step; 10 redraws a second are plenty.
const REDRAW_INTERVAL_MS = 100;

/** `step 12/100 | epoch 0.48 | loss 0.6931 | lr 5.00e-4 | 123.4 ex/s | ETA 0:42`. */
export function formatProgressLine(snapshot: ProgressSnapshot): string {
  return [
    `step ${snapshot.step}/${snapshot.totalSteps}`,
    `epoch ${snapshot.epoch.toFixed(2)}`,
    `loss ${snapshot.loss.toFixed(4)}`,
    `lr ${snapshot.learningRate.toExponential(2)}`,
    `${snapshot.examplesPerSecond.toFixed(1)} ex/s`,
    `ETA ${snapshot.secondsRemaining === undefined ? '?' : formatDuration(snapshot.secondsRemaining)}`,
  ].join(' | ');
}

/** `h:mm:ss` or `m:ss`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/**
 * Console feedback. On a TTY, `update` redraws one progress line in place (`\r` + erase to end of line) and
 * `line` prints a message above it; elsewhere (CI logs, files) `update` prints nothing and the trainer's
 * periodic `line`s carry the progress, so logs stay one line per event.
 */
export class ProgressReporter {
  private readonly output: ProgressOutput;
  private readonly now: () => number;
  private current: string | undefined;
  private lastDraw = Number.NEGATIVE_INFINITY;

  constructor(output: ProgressOutput, now: () => number = Date.now) {
    this.output = output;
    this.now = now;
  }

  get isTTY(): boolean {
    return this.output.isTTY === true;
  }

  /** Redraws the progress line (TTY only), at most every 100 ms unless `force`. */
  update(snapshot: ProgressSnapshot, force = false): void {
    if (!this.isTTY) return;
    this.current = formatProgressLine(snapshot);
    const time = this.now();
    if (!force && time - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = time;
    this.output.write(`\r${this.current}\u001b[K`);
  }

  /** Prints a full line; on a TTY the progress line is erased first and redrawn below it. */
  line(text: string): void {
    if (!this.isTTY) {
      this.output.write(`${text}\n`);
      return;
    }
    this.output.write(`\r\u001b[K${text}\n`);
    if (this.current !== undefined) this.output.write(`${this.current}\u001b[K`);
  }

  /** Ends the progress line so later output starts on a fresh line. */
  finish(): void {
    if (this.isTTY && this.current !== undefined) this.output.write(`\r${this.current}\u001b[K\n`);
    this.current = undefined;
  }
}
