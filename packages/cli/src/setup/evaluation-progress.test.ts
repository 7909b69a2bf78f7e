import { describe, expect, it } from 'vitest';
import { evaluationProgress } from './evaluation-progress';

function fakeOutput(isTTY: boolean): { write: (text: string) => void; isTTY: boolean; text: string[] } {
  const text: string[] = [];
  return { write: (chunk) => text.push(chunk), isTTY, text };
}

describe('evaluationProgress', () => {
  it('redraws one line in place on a TTY and clears it at the end', () => {
    let time = 0;
    const output = fakeOutput(true);
    const progress = evaluationProgress(872, output, () => time);
    time = 50;
    progress.advance(64); // too soon after the start: not drawn
    time = 200;
    progress.advance(64);
    time = 250;
    progress.advance(744); // the last batch is always drawn
    progress.done();
    expect(output.text).toEqual(['\reval 128/872 examples\u001b[K', '\reval 872/872 examples\u001b[K', '\r\u001b[K']);
  });

  it('prints a plain line every 10 s in a log, and nothing for a short pass', () => {
    let time = 0;
    const output = fakeOutput(false);
    const progress = evaluationProgress(9815, output, () => time);
    time = 4_000;
    progress.advance(1000);
    time = 10_500;
    progress.advance(1000);
    time = 12_000;
    progress.advance(1000);
    progress.done();
    expect(output.text).toEqual(['eval 2,000/9,815 examples\n']);
  });
});
