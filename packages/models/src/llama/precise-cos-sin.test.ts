import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { preciseCosSin } from './precise-cos-sin';

describe('preciseCosSin', () => {
  it('matches Math.cos / Math.sin to 2e-6 over the angles RoPE uses (positions up to 40,000)', async () => {
    const values = Float32Array.from({ length: 4001 }, (_, index) => (index === 0 ? 0 : index * 10 + Math.fround(1 / 7)) * (index % 2 === 0 ? 1 : 0.013));
    const angles = tf.tensor1d(values);
    const [cosine, sine] = preciseCosSin(angles);
    const [cosValues, sinValues] = [await cosine.data(), await sine.data()];
    tf.dispose([angles, cosine, sine]);
    let worst = 0;
    values.forEach((angle, index) => {
      worst = Math.max(worst, Math.abs((cosValues[index] as number) - Math.cos(angle)), Math.abs((sinValues[index] as number) - Math.sin(angle)));
    });
    expect(worst).toBeLessThan(2e-6);
  });

  it('keeps cos² + sin² = 1 near the reduction boundaries ±π', async () => {
    const near = tf.tensor1d([Math.PI - 1e-4, Math.PI, Math.PI + 1e-4, -Math.PI, 3 * Math.PI, -5 * Math.PI + 1e-3]);
    const [cosine, sine] = preciseCosSin(near);
    const norm = tf.tidy(() => tf.add(tf.square(cosine), tf.square(sine)));
    const values = await norm.data();
    tf.dispose([near, cosine, sine, norm]);
    for (const value of values) expect(Math.abs(value - 1)).toBeLessThan(3e-6);
  });
});
