import { InvalidConfigError } from '@adapters/core';
import { generate, type GenerateResult } from '@adapters/auto';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec, FlagSpecs, ParsedFlags } from '../arguments/flag-spec';
import { MODEL_FLAGS } from '../flags/model-flags';
import { printerOf, type CommandContext } from '../setup/command-context';
import { ensureBackend } from '../setup/ensure-backend';
import { disposeModel, loadModel } from '../setup/load-model';

const GENERATE_FLAGS = {
  load_adapter: { type: 'string', valueName: 'DIR', group: 'Adapters', help: 'Adapter folder to load and activate (e.g. a LoRA saved by `adapters clm`).' },
  prompt: { type: 'string', default: '', valueName: 'TEXT', group: 'Generation', help: 'Text to continue (BOS is added); empty: start from BOS alone.' },
  max_new_tokens: { type: 'integer', default: 256, group: 'Generation', help: 'Tokens to generate.' },
  do_sample: { type: 'boolean', default: false, group: 'Generation', help: 'Sample instead of greedy decoding.' },
  temperature: { type: 'number', default: 1, group: 'Generation', help: 'Sampling temperature.' },
  top_k: { type: 'integer', default: 0, group: 'Generation', help: 'Sample among the k most likely tokens (0: all).' },
  top_p: { type: 'number', default: 1, group: 'Generation', help: 'Nucleus sampling: the smallest set of tokens with this much probability.' },
  seed: { type: 'integer', default: 42, group: 'Generation', help: 'Seed of the sampler.' },
  no_cache: { type: 'boolean', default: false, group: 'Generation', help: 'Recompute the whole sequence every step instead of using the key/value cache.' },
} as const satisfies FlagSpecs;

export const GENERATE_COMMAND = {
  name: 'generate',
  summary: 'Generate text with a GPT-2 or Llama model (optionally with an adapter); prints the prompt and its continuation.',
  flags: { ...MODEL_FLAGS, ...GENERATE_FLAGS },
  examples: [
    'adapters generate --model_name_or_path ../shared/data/models/stories260K-hf --max_new_tokens 256',
    'adapters generate --model_name_or_path ../shared/data/models/stories260K-hf --load_adapter out/clm-lora/clm --prompt "Once upon" --do_sample --top_p 0.9 --seed 1',
  ],
} as const satisfies CommandSpec;

export type GenerateArguments = ParsedFlags<typeof GENERATE_COMMAND.flags>;

export interface GenerateCommandResult extends GenerateResult {
  readonly text: string;
}

/** `adapters generate`: argv or parsed flags; null when `--help` was asked for. */
export async function runGenerate(args: readonly string[] | GenerateArguments, context: CommandContext = {}): Promise<GenerateCommandResult | null> {
  const print = printerOf(context);
  const resolved = resolveCommandArguments(GENERATE_COMMAND, args, print);
  if (resolved === null) return null;
  const { flags } = resolved;
  await ensureBackend(flags.backend);
  const { model, tokenizer } = await loadModel(flags);
  try {
    if (flags.loadAdapter !== undefined && flags.loadAdapter !== '') {
      const name = await model.loadAdapter(flags.loadAdapter, { withHead: false });
      model.setActiveAdapters(name);
    }
    const head = model.headNames().find((name) => model.getHead(name).headType === 'causal_lm');
    if (head === undefined) {
      throw new InvalidConfigError({ path: '--model_name_or_path', expected: 'a causal LM (config.json architectures *ForCausalLM / *LMHeadModel)', received: model.encoder.modelType });
    }
    const prompt = tokenizer.encode(flags.prompt, null, { addSpecialTokens: true }).inputIds;
    const result = await generate(model, [prompt.length === 0 ? [0] : prompt], {
      head,
      maxNewTokens: flags.maxNewTokens,
      doSample: flags.doSample,
      temperature: flags.temperature,
      topK: flags.topK,
      topP: flags.topP,
      seed: flags.seed,
      useCache: !flags.noCache,
    });
    const text = tokenizer.decode(result.sequences[0] as number[], { skipSpecialTokens: true });
    print(text);
    return { ...result, text };
  } finally {
    disposeModel(model);
  }
}
