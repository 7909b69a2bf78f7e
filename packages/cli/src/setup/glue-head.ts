import { InvalidConfigError } from '@adapters/core';
import type { ModelWithHeads } from '@adapters/auto';
import type { GlueTask } from '@adapters/datasets';

/**
 * Gives the model a classification head named `name` with the task's labels (one output, i.e. regression,
 * for STS-B), keeping one loaded with `--load_adapter` when its label count fits, and drops the other heads
 * (a pretrained MLM head would otherwise be trained and saved for nothing).
 */
export function ensureGlueHead(model: ModelWithHeads, name: string, task: GlueTask, loadedFrom = '--load_adapter'): void {
  for (const other of model.headNames()) if (other !== name) model.deleteHead(other);
  if (model.hasHead(name)) {
    const config = model.getHead(name).headConfig() as { numLabels?: unknown; num_labels?: unknown };
    const labels = config.numLabels ?? config.num_labels;
    if (labels !== undefined && labels !== task.numLabels) {
      throw new InvalidConfigError({ path: loadedFrom, expected: `a head with ${task.numLabels} label(s) for ${task.displayName}`, received: `head '${name}' with ${String(labels)}` });
    }
  } else if (task.outputMode === 'regression') {
    model.addClassificationHead(name, { numLabels: 1 });
  } else {
    model.addClassificationHead(name, { numLabels: task.numLabels, id2label: Object.fromEntries(task.labels.map((label, id) => [id, label])) });
  }
  model.activeHead = name;
}
