// The parsers the fuzz suite drives, as a table: add a row to cover a new parser (a name, valid seed inputs,
// and how to feed it one input). Each run must end in success or a typed AdaptersError.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { adapterConfigFromDict, parsePythonJson, parseSafetensors, parseTorchCheckpoint, readJsonFile } from '@adapters/core';
import { readConllFile, readGlueExamples, readLines, readMultipleChoiceFile, readSquadFile } from '@adapters/datasets';
import { headConfigFromDict, resolveHeadConfig } from '@adapters/heads';
import { normalizeEncoderConfig } from '@adapters/models';
import { parseMergesText, parseVocabText, tokenizerFromJson } from '@adapters/tokenizers';
import { dataRoot, fixturesRoot } from '../paths';

export interface FuzzTarget {
  readonly name: string;
  /** Valid inputs to mutate (kept small: every run parses one). */
  seeds(): Uint8Array[];
  /** Feeds one input; `scratch` is a private folder for parsers that read files. */
  run(input: Uint8Array, scratch: string): unknown;
  /** The parser takes any text (a vocabulary is any list of lines): no typed error is expected. */
  readonly acceptsAnything?: boolean;
}

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Files named `name` under `folder`, at most `limit`. */
function findFiles(folder: string, name: RegExp, limit: number): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      if (found.length >= limit) return;
      const child = path.join(current, entry);
      if (statSync(child).isDirectory()) walk(child);
      else if (name.test(entry) && statSync(child).size < 64 * 1024) found.push(child);
    }
  };
  walk(folder);
  return found;
}

const read = (file: string): Uint8Array => new Uint8Array(readFileSync(file));
const firstLines = (file: string, count: number): Uint8Array => utf8.encode(`${readFileSync(file, 'utf8').split('\n').slice(0, count).join('\n')}\n`);
const fixtureFiles = (name: RegExp, limit = 6): Uint8Array[] => findFiles(fixturesRoot(), name, limit).map(read);

/** A tokenizer.json cut down to its first `size` vocabulary entries (and merges), so one parse stays cheap. */
function smallTokenizerJson(folder: string, size: number): Uint8Array {
  const json = JSON.parse(readFileSync(path.join(dataRoot(), 'vocab', folder, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number>; merges?: unknown[] } };
  json.model.vocab = Object.fromEntries(Object.entries(json.model.vocab).filter(([, id]) => id < size));
  if (json.model.merges !== undefined) json.model.merges = json.model.merges.slice(0, 200);
  return utf8.encode(JSON.stringify(json));
}

async function writeInput(scratch: string, name: string, input: Uint8Array): Promise<string> {
  const file = path.join(scratch, name);
  await writeFile(file, input);
  return file;
}

const SAMPLE_TEXT = 'Hello world, fuzzing: naïve café 123!';

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'safetensors',
    seeds: () => fixtureFiles(/\.safetensors$/),
    run: (input) => parseSafetensors(input, 'fuzz.safetensors'),
  },
  {
    name: 'pytorch .bin',
    // The valid fixtures in both torch.save formats (zip archive and legacy pickle).
    seeds: () => [...findFiles(fixturesRoot(), /\.bin$/, 12)].filter((file) => !file.includes('_malicious')).slice(0, 6).map(read),
    run: (input) => parseTorchCheckpoint(input, 'fuzz.bin'),
  },
  {
    name: 'python-json',
    seeds: () => fixtureFiles(/^(adapter_config|head_config|adapter_fusion_config)\.json$/),
    run: (input) => parsePythonJson(text(input), 'fuzz.json'),
  },
  {
    name: 'adapter_config.json',
    seeds: () => fixtureFiles(/^adapter_config\.json$/, 12),
    run: (input) => {
      const json = parsePythonJson(text(input), 'adapter_config.json') as { config?: unknown } | null;
      return adapterConfigFromDict(typeof json === 'object' && json !== null && 'config' in json ? json.config : json, 'adapter_config.json');
    },
  },
  {
    name: 'head_config.json',
    seeds: () => fixtureFiles(/^head_config\.json$/, 12),
    run: (input) => {
      const json = parsePythonJson(text(input), 'head_config.json') as { config?: unknown } | null;
      const dict = typeof json === 'object' && json !== null && 'config' in json ? json.config : json;
      const options = headConfigFromDict(dict as Parameters<typeof headConfigFromDict>[0], { source: 'head_config.json' });
      return resolveHeadConfig(options, { hiddenSize: 32, vocabSize: 100 }, 'head_config.json');
    },
  },
  {
    name: 'config.json',
    seeds: () =>
      findFiles(path.join(fixturesRoot(), '_backbones'), /^config\.json$/, 20)
        .filter((file) => /"model_type": "(bert|roberta|xlm-roberta)"/.test(readFileSync(file, 'utf8')))
        .map(read),
    run: async (input, scratch) => normalizeEncoderConfig(await readJsonFile(await writeInput(scratch, 'config.json', input)), 'config.json'),
  },
  {
    name: 'tokenizer.json',
    seeds: () => [smallTokenizerJson('bert-base-uncased', 1200), smallTokenizerJson('roberta-base', 1200)],
    run: (input) => {
      let json: unknown;
      try {
        json = JSON.parse(text(input));
      } catch {
        return undefined; // not JSON: the loader reports that through readJsonFile, covered by config.json
      }
      return tokenizerFromJson(json).encode(SAMPLE_TEXT, null, { truncation: true, maxLength: 16 });
    },
  },
  {
    name: 'vocab.txt',
    seeds: () => [firstLines(path.join(dataRoot(), 'vocab/bert-base-uncased/vocab.txt'), 2000)],
    run: (input) => parseVocabText(text(input), 'vocab.txt'),
    acceptsAnything: true,
  },
  {
    name: 'merges.txt',
    seeds: () => [firstLines(path.join(dataRoot(), 'vocab/gpt2/merges.txt'), 1000)],
    run: (input) => parseMergesText(text(input), 'merges.txt'),
  },
  {
    name: 'glue tsv',
    seeds: () => [firstLines(path.join(dataRoot(), 'glue/RTE/dev.tsv'), 20)],
    run: async (input, scratch) => {
      await writeInput(scratch, 'dev.tsv', input);
      return readGlueExamples('rte', 'dev', { dataDir: scratch });
    },
  },
  {
    name: 'conll',
    seeds: () => [firstLines(path.join(dataRoot(), 'conll2003/eng.testa'), 80)],
    run: async (input, scratch) => readConllFile(await writeInput(scratch, 'eng.testa', input)),
  },
  {
    name: 'squad json',
    seeds: () => {
      const squad = JSON.parse(readFileSync(path.join(dataRoot(), 'squad/xquad.en.json'), 'utf8')) as { data: Array<{ paragraphs: unknown[] }> };
      const first = squad.data[0] as { paragraphs: unknown[] };
      return [utf8.encode(JSON.stringify({ ...squad, data: [{ ...first, paragraphs: first.paragraphs.slice(0, 2) }] }))];
    },
    run: async (input, scratch) => readSquadFile(await writeInput(scratch, 'squad.json', input)),
  },
  {
    name: 'multiple choice jsonl',
    seeds: () => [
      firstLines(path.join(dataRoot(), 'multiple-choice/swag-sample.jsonl'), 6),
      firstLines(path.join(dataRoot(), 'multiple-choice/commonsenseqa-dev_rand_split.jsonl'), 6),
    ],
    run: async (input, scratch) => readMultipleChoiceFile(await writeInput(scratch, 'data.jsonl', input)),
  },
  {
    name: 'text lines',
    seeds: () => [firstLines(path.join(dataRoot(), 'glue/SST-2/dev.tsv'), 40)],
    run: async (input, scratch) => {
      const file = await writeInput(scratch, 'lines.txt', input);
      let count = 0;
      for await (const line of readLines(file, { chunkBytes: 64, maxLineLength: 4096 })) count += line.text.length;
      return count;
    },
  },
];
