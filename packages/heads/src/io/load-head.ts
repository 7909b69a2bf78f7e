import { ShapeMismatchError, type FileSource, type PredictionHead } from '@adapters/core';
import type { HeadContext } from '../config/head-context';
import { createHead } from '../registry/create-head';
import { headRegistry, type HeadRegistry } from '../registry/head-registry';
import { readHeadFolder, type HeadFolder } from './head-files';
import { loadHeadWeights } from './load-head-weights';

export interface LoadHeadOptions {
  /** Load the head under another name (`load_as`); its weights are renamed with it. */
  readonly loadAs?: string;
  /** Where custom head types are looked up (default `headRegistry`). */
  readonly registry?: HeadRegistry;
}

export interface LoadedHead {
  readonly head: PredictionHead;
  readonly folder: HeadFolder;
}

/**
 * `load_head`: reads a head folder (a path or any `FileSource`), builds the head from its config on this backbone and loads its weights.
 * A folder saved for another hidden size is a `ShapeMismatchError`; on any error nothing is left allocated.
 */
export async function loadHead(directoryOrSource: string | FileSource, context: HeadContext, options: LoadHeadOptions = {}): Promise<LoadedHead> {
  const folder = await readHeadFolder(directoryOrSource);
  if (folder.meta.hiddenSize !== context.hiddenSize) {
    throw new ShapeMismatchError({ key: 'hidden_size', expected: [context.hiddenSize], actual: [folder.meta.hiddenSize], source: folder.configFile });
  }
  const head = createHead(options.loadAs ?? folder.name, folder.config, context, options.registry);
  try {
    loadHeadWeights(head, folder.tensors, { source: folder.weightsFile });
  } catch (error) {
    head.dispose();
    throw error;
  }
  return { head, folder };
}
