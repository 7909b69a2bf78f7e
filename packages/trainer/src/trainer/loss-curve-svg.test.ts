import { describe, expect, it } from 'vitest';
import { renderLossCurveSvg } from './loss-curve-svg';

describe('renderLossCurveSvg', () => {
  it('draws the training loss on the left axis and an eval metric on the right', () => {
    const svg = renderLossCurveSvg(
      [
        { loss: 1.0, learning_rate: 1e-3, epoch: 0.5, step: 5 },
        { loss: 0.5, learning_rate: 1e-3, epoch: 1, step: 10 },
        { eval_runtime: 3, eval_accuracy: 0.7, epoch: 1, step: 10 },
        { loss: 0.25, learning_rate: 1e-3, epoch: 1.5, step: 15 },
        { eval_accuracy: 0.9, epoch: 2, step: 20 },
      ],
      { width: 400, height: 200 },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const polylines = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((match) => (match[1] ?? '').split(' '));
    expect(polylines.map((points) => points.length)).toEqual([3, 2]);
    // x runs over steps 0..20 in a 400 - 64 - 64 wide plot: step 5 → 64 + 68 = 132. y: loss range [0.25, 1] padded by
    // 5% on each side in a 120 px tall plot from y = 36: 36 + (1 - 0.7875 / 0.825) · 120 = 41.45.
    expect(polylines[0]?.[0]).toBe('132.0,41.5');
    expect(svg).toContain('eval_accuracy');
    expect(svg).not.toContain('eval_runtime');
    expect(svg.match(/<circle /g)).toHaveLength(2);
  });

  it('draws training and eval loss on one axis with one range; the right axis is for another metric', () => {
    const svg = renderLossCurveSvg(
      [
        { loss: 2.0, epoch: 0.5, step: 10 },
        { eval_loss: 1.0, eval_accuracy: 0.5, epoch: 0.5, step: 10 },
        { loss: 1.0, epoch: 1, step: 20 },
        { eval_loss: 2.0, eval_accuracy: 0.6, epoch: 1, step: 20 },
      ],
      { width: 400, height: 200 },
    );
    const polylines = [...svg.matchAll(/<polyline points="([^"]+)" fill="none" stroke="([^"]+)"/g)].map((match) => ({ points: (match[1] ?? '').split(' '), color: match[2] }));
    expect(polylines).toHaveLength(3);
    const [training, evaluation] = polylines;
    // Equal losses sit at equal heights: the training loss 1.0 (step 20) and the eval loss 1.0 (step 10), and 2.0 likewise.
    expect(training?.points[1]?.split(',')[1]).toBe(evaluation?.points[0]?.split(',')[1]);
    expect(training?.points[0]?.split(',')[1]).toBe(evaluation?.points[1]?.split(',')[1]);
    expect(svg).toContain('eval loss');
    expect(svg).toContain('>eval_accuracy<');
    expect(svg).not.toContain('>eval_loss<');
  });

  it('renders a placeholder for an empty history and escapes metric names', () => {
    expect(renderLossCurveSvg([])).toContain('no logged values yet');
    expect(renderLossCurveSvg([{ 'eval_a<b': 1, step: 1 }])).toContain('eval_a&lt;b');
  });
});
