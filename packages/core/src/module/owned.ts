/** Something that holds tensors or variables and must be released explicitly. */
export interface Owned {
  dispose(): void;
  readonly isDisposed: boolean;
}
