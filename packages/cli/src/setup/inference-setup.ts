import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Fuse, InvalidConfigError, Stack } from '@adapters/core';
import type { ModelWithHeads } from '@adapters/auto';
import { HEAD_CONFIG_FILE } from '@adapters/heads';

export interface InferenceFlags {
  readonly loadAdapter: readonly string[];
  readonly loadFusion?: string | undefined;
  readonly loadHead?: string | undefined;
}

export interface InferenceSetup {
  readonly adapterNames: readonly string[];
  readonly fusionName: string | undefined;
  readonly head: string;
  /** `Stack(Fuse(a, b))`, `rte`, ... for messages. */
  readonly description: string;
}

/**
 * Loads what eval and predict run: the adapters (each with its saved head unless a fusion or head folder is
 * given), a fusion over them, a head
 * folder; activates Fuse(...) with a fusion, else the adapters stacked in order; picks the head: the loaded
 * head (with a fusion and no head folder, the one saved beside the fusion), else the one named like the last
 * adapter, else `preferredHead`, else the model's only head.
 */
export async function loadInferenceSetup(model: ModelWithHeads, flags: InferenceFlags, preferredHead?: string): Promise<InferenceSetup> {
  const adapterNames: string[] = [];
  // With a fusion or an explicit head, the heads saved next to the adapters are not the ones that run.
  const withHead = flags.loadFusion === undefined && flags.loadHead === undefined;
  for (const folder of flags.loadAdapter) adapterNames.push(await model.loadAdapter(folder, { withHead }));
  let fusionName: string | undefined;
  let description = 'no adapters';
  if (flags.loadFusion !== undefined) {
    fusionName = await model.loadAdapterFusion(flags.loadFusion);
    const fused = model.fusionEntry(fusionName).adapterNames;
    const missing = fused.filter((name) => !adapterNames.includes(name));
    if (missing.length > 0) {
      throw new InvalidConfigError({ path: '--load_fusion', expected: `its adapters loaded with --load_adapter (missing: ${missing.join(', ')})`, received: flags.loadFusion });
    }
    model.setActiveAdapters(Stack(Fuse({ name: fusionName }, ...fused)));
    description = `Fuse(${fused.join(', ')})`;
  } else if (adapterNames.length === 1) {
    model.setActiveAdapters(adapterNames[0] as string);
    description = adapterNames[0] as string;
  } else if (adapterNames.length > 1) {
    model.setActiveAdapters(Stack(...adapterNames));
    description = `Stack(${adapterNames.join(', ')})`;
  }
  let head: string | undefined;
  if (flags.loadHead !== undefined) head = await model.loadHead(flags.loadHead);
  else if (flags.loadFusion !== undefined) head = await model.loadHead(await fusionHeadFolder(flags.loadFusion, preferredHead));
  const lastAdapter = adapterNames.at(-1);
  head ??= [lastAdapter, preferredHead].find((name) => name !== undefined && model.hasHead(name));
  if (head === undefined && model.headNames().length === 1) head = model.headNames()[0];
  if (head === undefined) {
    throw new InvalidConfigError({
      path: '--load_head',
      expected: `a head folder: no head came with the adapters${model.headNames().length > 0 ? ` and the model has several (${model.headNames().join(', ')})` : ''}`,
      received: undefined,
    });
  }
  model.activeHead = head;
  return { adapterNames, fusionName, head, description };
}

/**
 * The head trained with a fusion: `adapters fusion` saves it next to the fusion folder
 * (`<output_dir>/<task>/` beside `<output_dir>/<a,b,c>/`). Picks the one named `preferredHead`, else the only
 * head folder there; otherwise says to pass `--load_head`.
 */
export async function fusionHeadFolder(fusionFolder: string, preferredHead: string | undefined): Promise<string> {
  const parent = path.dirname(path.resolve(fusionFolder));
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  const heads = entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(parent, entry.name, HEAD_CONFIG_FILE)) && !existsSync(path.join(parent, entry.name, 'adapter_config.json')))
    .map((entry) => entry.name);
  const chosen = preferredHead !== undefined && heads.includes(preferredHead) ? preferredHead : heads.length === 1 ? heads[0] : undefined;
  if (chosen !== undefined) return path.join(parent, chosen);
  throw new InvalidConfigError({
    path: '--load_head',
    expected:
      `the head trained with the fusion (adapters fusion saves it as <output_dir>/<task> next to ${fusionFolder}): ` +
      (heads.length === 0 ? `no head folder was found in ${parent}` : `several are there (${heads.join(', ')}); pass one`),
    received: undefined,
  });
}
