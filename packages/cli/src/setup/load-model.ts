import { InvalidConfigError, type Tokenizer } from '@adapters/core';
import { AutoModelWithHeads, resolveModelFolder, type ModelWithHeads } from '@adapters/auto';
import { loadTokenizer } from '@adapters/tokenizers';

/** The model flags every command shares. */
export interface ModelFlags {
  readonly modelNameOrPath: string;
  readonly modelType?: string | undefined;
  readonly tokenizerName?: string | undefined;
  readonly cacheDir?: string | undefined;
}

export interface LoadedModel {
  readonly model: ModelWithHeads;
  readonly tokenizer: Tokenizer;
  /** The local folder the model came from (a hub id resolves into the cache). */
  readonly folder: string;
}

/**
 * `--model_name_or_path` (a folder, or a hub id through the cache) → a `ModelWithHeads` with its tokenizer.
 * Release it with `disposeModel`.
 */
export async function loadModel(flags: ModelFlags): Promise<LoadedModel> {
  const folder = await resolveModelFolder(flags.modelNameOrPath, { cacheDir: flags.cacheDir });
  // model_name in saved files: the string given, as the library records `from_pretrained`'s argument.
  const model = await AutoModelWithHeads.fromPretrained(folder, { modelName: flags.modelNameOrPath });
  try {
    if (flags.modelType !== undefined && normalizeModelType(flags.modelType) !== normalizeModelType(model.encoder.modelType)) {
      throw new InvalidConfigError({ path: '--model_type', expected: `the model type of ${folder}/config.json (${model.encoder.modelType})`, received: flags.modelType });
    }
    const tokenizer = flags.tokenizerName === undefined ? model.tokenizer : loadTokenizer(flags.tokenizerName);
    if (tokenizer === undefined) {
      throw new InvalidConfigError({
        path: '--tokenizer_name',
        expected: `a tokenizer folder: ${folder} has no tokenizer files (vocab.txt, tokenizer.json, ...)`,
        received: undefined,
      });
    }
    model.tokenizer = tokenizer;
    return { model, tokenizer, folder };
  } catch (error) {
    disposeModel(model);
    throw error;
  }
}

/** Frees the adapters, heads and the backbone (a `ModelWithHeads` leaves its encoder to its owner). */
export function disposeModel(model: ModelWithHeads): void {
  model.dispose();
  model.encoder.dispose();
}

function normalizeModelType(type: string): string {
  return type.toLowerCase().replace(/_/g, '-');
}
