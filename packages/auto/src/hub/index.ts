export { DEFAULT_HUB_ENDPOINT, defaultModelCacheDir } from './hub-settings';
export { isHubRepoId } from './hub-names';
export {
  DEFAULT_HUB_DEADLINE_MS,
  DEFAULT_HUB_TIMEOUT_MS,
  DEFAULT_MAX_FILE_BYTES,
  OPTIONAL_MODEL_FILES,
  REQUIRED_MODEL_FILES,
  resolveModelFolder,
  type ResolveModelFolderOptions,
} from './resolve-model-folder';
