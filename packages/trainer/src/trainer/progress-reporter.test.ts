import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgressLine, ProgressReporter, type ProgressSnapshot } from './progress-reporter';

const snapshot: ProgressSnapshot = { step: 12, totalSteps: 100, epoch: 0.48, loss: 0.693147, learningRate: 5e-4, examplesPerSecond: 123.44, secondsRemaining: 42 };

function recorder(isTTY: boolean): { output: { write: (text: string) => void; isTTY: boolean }; written: string[] } {
  const written: string[] = [];
  return { output: { write: (text: string) => written.push(text), isTTY }, written };
}

describe('ProgressReporter', () => {
  it('formats step, epoch, loss, lr, throughput and ETA on one line', () => {
    expect(formatProgressLine(snapshot)).toBe('step 12/100 | epoch 0.48 | loss 0.6931 | lr 5.00e-4 | 123.4 ex/s | ETA 0:42');
    expect(formatProgressLine({ ...snapshot, secondsRemaining: undefined })).toMatch(/ETA \?$/);
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(59.6)).toBe('1:00');
  });

  it('redraws in place on a TTY, throttled, and prints messages above the progress line', () => {
    let time = 0;
    const { output, written } = recorder(true);
    const reporter = new ProgressReporter(output, () => time);
    reporter.update(snapshot);
    time = 50;
    reporter.update({ ...snapshot, step: 13 });
    expect(written).toEqual([`\r${formatProgressLine(snapshot)}\u001b[K`]);
    time = 200;
    reporter.update({ ...snapshot, step: 14 });
    reporter.line('eval @ step 14');
    reporter.finish();
    const line14 = formatProgressLine({ ...snapshot, step: 14 });
    expect(written.slice(1)).toEqual([`\r${line14}\u001b[K`, '\r\u001b[Keval @ step 14\n', `${line14}\u001b[K`, `\r${line14}\u001b[K\n`]);
  });

  it('writes plain lines only, without control characters, when not on a TTY', () => {
    const { output, written } = recorder(false);
    const reporter = new ProgressReporter(output);
    reporter.update(snapshot);
    reporter.line('saved checkpoint-12');
    reporter.finish();
    expect(written).toEqual(['saved checkpoint-12\n']);
  });
});
