export { readJsonFile } from './read-json-file';
export { writeFileAtomic } from './write-file-atomic';
