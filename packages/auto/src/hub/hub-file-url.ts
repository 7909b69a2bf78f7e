/** `{endpoint}/{repo}/resolve/{revision}/{file}`, the hub's download URL layout; each segment URL-encoded. */
export function hubFileUrl(endpoint: string, repoId: string, revision: string, file: string): string {
  const encodePath = (value: string): string => value.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${encodePath(repoId)}/resolve/${encodeURIComponent(revision)}/${encodePath(file)}`;
}
