/** The advice every network-related failure ends with: how to get the model onto this machine by hand. */
export function provideFolderHint(repoId: string): string {
  return (
    `To use it without network access, download it on a machine with network access, e.g. ` +
    `\`huggingface-cli download ${repoId} --local-dir <dir>\`, then pass the folder path instead of the id.`
  );
}
