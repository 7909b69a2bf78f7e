// Every published package, type-checked against its own .d.ts files with the consumer's strict settings.
import * as core from '@adapters/core';
import * as tokenizers from '@adapters/tokenizers';
import * as layers from '@adapters/layers';
import * as models from '@adapters/models';
import * as heads from '@adapters/heads';
import * as datasets from '@adapters/datasets';
import * as trainer from '@adapters/trainer';
import * as auto from '@adapters/auto';
import * as backendNative from '@adapters/backend-native';
import * as cli from '@adapters/cli';

export const packages: readonly object[] = [core, tokenizers, layers, models, heads, datasets, trainer, auto, backendNative, cli];

// The calls an application leans on, with the types it names.
export async function classify(folder: string, texts: readonly string[]): Promise<readonly auto.Prediction[]> {
  const report: core.BackendReport = await core.initBackend();
  const model: auto.ModelWithHeads = await auto.AutoModelWithHeads.fromPretrained(folder);
  model.addAdapter('task', core.AdapterType.textTask, core.AdapterConfig.load('pfeiffer'));
  model.addClassificationHead('task', { numLabels: 2 });
  model.trainAdapter(['task']);
  const options: trainer.TrainerOptions = { trainingData: (): core.Batch[] => [], maxSteps: report.gradients ? 1 : 0, quiet: true };
  await new trainer.Trainer(new auto.TrainableModelWithHeads(model, { head: 'task' }), options).fit();
  const tokenizer: core.Tokenizer = tokenizers.BertTokenizer.fromVocab('[PAD]\n[UNK]\n[CLS]\n[SEP]\n');
  return auto.predict(model, texts, { tokenizer });
}
