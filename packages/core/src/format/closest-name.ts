/** Edit distance counting insertions, deletions, substitutions and swaps of two neighbours (`modle` → `model` is 1). */
export function editDistance(left: string, right: string): number {
  const rows: number[][] = [Array.from({ length: right.length + 1 }, (_, index) => index)];
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const above = rows[row - 1] as number[];
      const same = left[row - 1] === right[column - 1];
      let best = Math.min((above[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, (above[column - 1] ?? 0) + (same ? 0 : 1));
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) {
        best = Math.min(best, ((rows[row - 2] as number[])[column - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    rows.push(current);
  }
  return (rows[left.length] as number[])[right.length] ?? 0;
}

/**
 * The candidate closest to `name`, when it is close enough to be a plausible typo: within a third of the
 * name's length (at least 2); else a candidate that contains the name, or one whose start is such a typo of
 * it (`--modle` → `--model_name_or_path`; the first in candidate order wins a tie). `--lr` is too short.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const allowed = Math.max(2, Math.floor(name.length / 3));
  const nearest = bestBy(candidates, (candidate) => editDistance(name, candidate));
  if (nearest !== undefined && nearest.distance <= allowed) return nearest.candidate;
  if (name.length < 4) return undefined;
  const containing = candidates.filter((candidate) => candidate.includes(name) || name.includes(candidate));
  if (containing.length === 1) return containing[0];
  const prefixAllowed = Math.max(1, Math.floor(name.length / 4));
  const byStart = bestBy(candidates, (candidate) => (candidate.length > name.length ? editDistance(name, candidate.slice(0, name.length)) : Number.POSITIVE_INFINITY));
  return byStart !== undefined && byStart.distance <= prefixAllowed ? byStart.candidate : undefined;
}

function bestBy(candidates: readonly string[], distanceOf: (candidate: string) => number): { candidate: string; distance: number } | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = distanceOf(candidate);
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  return best;
}
