/** A read-only folder of named files: an in-memory map, a URL base, or (Node) a directory. */
export interface FileSource {
  /** Where the files come from, for error messages: 'file map', 'https://host/x/resolve/main/', '/abs/path'. */
  readonly location: string;
  /** The file's bytes, or undefined when the folder has no such file (typed error on any other failure). */
  read(name: string): Promise<Uint8Array | undefined>;
  /** How errors name the file `name` (default: `location` joined with `name` by '/'). */
  fileName?(name: string): string;
}

/** Files by name (sub-paths with '/': `adapter/head_config.json`), as the `save*Files` methods return them. */
export type FileMap = Map<string, Uint8Array>;

/** How errors name `name` of `source`: its path, URL, or `<location>/<name>`. */
export function sourceFileName(source: FileSource, name: string): string {
  if (source.fileName !== undefined) return source.fileName(name);
  return source.location.endsWith('/') ? `${source.location}${name}` : `${source.location}/${name}`;
}
