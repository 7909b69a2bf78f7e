export { sourceFileName, type FileMap, type FileSource } from './file-source';
export { fileMapSource } from './file-map-source';
export { folderPathOf, folderSource, FolderSource, toFileSource } from './folder-source';
export { readSourceJson, readSourceText } from './read-source-file';
export { sourceBaseName } from './source-base-name';
export { urlSource, type UrlSourceOptions } from './url-source';
export { subSource } from './sub-source';
export { saveFileMap, writeFileMap } from './write-file-map';
export { memoizedSource } from './memoized-source';
