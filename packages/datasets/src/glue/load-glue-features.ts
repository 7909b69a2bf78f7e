import { InvalidConfigError, type Tokenizer, nodeModule } from '@adapters/core';
import type { SequenceStore } from '../sequences/sequence-store';
import { readSequenceStoreFile, writeSequenceStoreFile } from '../sequences/sequence-store-file';
import { convertGlueExamplesToFeatures, type GlueFeatureOptions } from './convert-glue-examples';
import type { GlueSplit, GlueTask } from './glue-task';
import { readGlueExamples, resolveGlueSplitFile, type ReadGlueOptions, type SkippedRow } from './read-glue-examples';
import { getGlueTask } from './resolve-glue-task';
import { tokenizerFingerprint } from './tokenizer-fingerprint';

const { createHash } = nodeModule<typeof import('node:crypto')>('node:crypto');
const { stat } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const path = nodeModule<typeof import('node:path')>('node:path');

/** `loadGlueFeatures` options: reading, tokenization and the cache. */
export interface LoadGlueFeaturesOptions extends ReadGlueOptions, GlueFeatureOptions {
  readonly tokenizer: Tokenizer;
  /** Folder for cached features; without it nothing is cached. */
  readonly cacheDir?: string;
  /** Names the tokenizer in the cache key instead of `tokenizerFingerprint(tokenizer)`. */
  readonly cacheKey?: string;
  /** Re-tokenize and rewrite the cache even when a cached file matches. */
  readonly overwriteCache?: boolean;
}

/** Tokenized features of one GLUE split. */
export interface GlueFeatures {
  readonly task: GlueTask;
  readonly split: GlueSplit;
  /** The TSV file the features come from. */
  readonly file: string;
  /** One unpadded row per example, with token type ids, and labels unless this is a test split. */
  readonly features: SequenceStore;
  readonly skippedRows: readonly SkippedRow[];
  /** Where the features are cached, when `cacheDir` was given. */
  readonly cacheFile: string | undefined;
  /** True when the features were read from the cache instead of tokenized. */
  readonly fromCache: boolean;
}

// Bump when the tokenization or the stored arrays change meaning, so old cache files are not reused.
const CACHE_FORMAT = 1;

/**
 * Reads and tokenizes a GLUE split (`readGlueExamples` + `convertGlueExamplesToFeatures`). With `cacheDir`,
 * the features are cached in one binary file keyed by tokenizer (fingerprint or `cacheKey`), task, split,
 * `maxSeqLength`, truncation, row policy and the TSV's size and modification time, so a second run skips
 * tokenizing; the file is written atomically and a damaged one is rebuilt.
 */
export async function loadGlueFeatures(task: string | GlueTask, split: GlueSplit, options: LoadGlueFeaturesOptions): Promise<GlueFeatures> {
  const spec = typeof task === 'string' ? getGlueTask(task) : task;
  const { tokenizer } = options;
  if (typeof tokenizer?.encode !== 'function') {
    throw new InvalidConfigError({ path: 'tokenizer', expected: 'a Tokenizer (core interface) with encode()', received: typeof tokenizer });
  }
  const maxSeqLength = options.maxSeqLength ?? 128;
  const file = await resolveGlueSplitFile(spec, split, options.dataDir);

  let cacheFile: string | undefined;
  let key: Record<string, unknown> | undefined;
  if (options.cacheDir !== undefined) {
    const info = await stat(file);
    key = {
      format: CACHE_FORMAT,
      tokenizer: options.cacheKey ?? tokenizerFingerprint(tokenizer),
      task: spec.name,
      split,
      maxSeqLength,
      truncation: options.truncation ?? 'longest_first',
      invalidRows: options.invalidRows ?? 'error',
      file: path.resolve(file),
      fileSize: info.size,
      fileModified: info.mtimeMs,
    };
    const digest = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
    cacheFile = path.join(options.cacheDir, `glue-${spec.name}-${split}-len${maxSeqLength}-${digest}.bin`);
    if (options.overwriteCache !== true) {
      const cached = await readCache(cacheFile, key);
      if (cached !== undefined) return { task: spec, split, file, features: cached.store, skippedRows: cached.skippedRows, cacheFile, fromCache: true };
    }
  }

  const examples = await readGlueExamples(spec, split, { dataDir: path.dirname(file), invalidRows: options.invalidRows });
  const features = convertGlueExamplesToFeatures(examples.examples, tokenizer, spec, { maxSeqLength, truncation: options.truncation });
  if (cacheFile !== undefined) await writeSequenceStoreFile(cacheFile, features, { key, skippedRows: examples.skippedRows });
  return { task: spec, split, file, features, skippedRows: examples.skippedRows, cacheFile, fromCache: false };
}

async function readCache(cacheFile: string, key: Record<string, unknown>): Promise<{ store: SequenceStore; skippedRows: SkippedRow[] } | undefined> {
  try {
    const { store, metadata } = await readSequenceStoreFile(cacheFile);
    const stored = metadata as { key?: unknown; skippedRows?: SkippedRow[] } | null;
    if (JSON.stringify(stored?.key) !== JSON.stringify(key)) return undefined;
    return { store, skippedRows: stored?.skippedRows ?? [] };
  } catch {
    // Missing or damaged: tokenize again and overwrite.
    return undefined;
  }
}
