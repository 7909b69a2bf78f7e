import type { ModelWithHeads } from '@adapters/auto';
import type { GlueTask } from '@adapters/datasets';
import { ensureTaskHead } from './task-head';

/**
 * Gives the model a classification head named `name` with the task's labels (one output, i.e. regression,
 * for STS-B), keeping one loaded with `--load_adapter` when its label count fits, and drops the other heads.
 */
export function ensureGlueHead(model: ModelWithHeads, name: string, task: GlueTask, loadedFrom = '--load_adapter'): void {
  ensureTaskHead(model, name, {
    loadedFrom,
    fits: (config) => {
      const labels = config.numLabels ?? config.num_labels;
      return labels !== undefined && labels !== task.numLabels ? `a head with ${task.numLabels} label(s) for ${task.displayName}` : undefined;
    },
    add: () => {
      if (task.outputMode === 'regression') model.addClassificationHead(name, { numLabels: 1 });
      else model.addClassificationHead(name, { numLabels: task.numLabels, id2label: Object.fromEntries(task.labels.map((label, id) => [id, label])) });
    },
  });
}
