export { readJsonFile } from './read-json-file';
export { writeFileAtomic } from './write-file-atomic';
export { removeFolderAtomic, removeTemporaryFolders, writeFolderAtomic, type WriteFolderAtomicOptions } from './write-folder-atomic';
