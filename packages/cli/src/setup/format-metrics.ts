/** `{ eval_accuracy: 0.63531, eval_loss: 0.65 }` → `accuracy 0.6353, loss 0.6500` (epoch, sample counts and runtime left out). */
export function formatMetrics(metrics: Readonly<Record<string, number>>): string {
  return Object.entries(metrics)
    .filter(([name]) => !/^(eval_)?(epoch|runtime|samples|samples_per_second|steps_per_second)$/.test(name))
    .map(([name, value]) => `${name.replace(/^eval_/, '')} ${Number.isInteger(value) ? value : value.toFixed(4)}`)
    .join(', ');
}

/** Prefixes every metric name with `eval_`, as the trainer and HF's `eval_results` do. */
export function evalPrefixed(metrics: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([name, value]) => [name.startsWith('eval_') ? name : `eval_${name}`, value]));
}
