/**
 * Runs `work` over `items` with at most `limit` at a time; stops taking new items once `stop()` says so. When one
 * item throws, the others take no new items, the ones in flight finish, and then the first error is thrown: no
 * work outlives the call (it would outlive the account's lease, and spend the next hour's drchrono calls).
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<{ finished: boolean }> {
  let next = 0;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && failure === null) {
      if (stop()) {
        stopped = true;
        return;
      }
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return { finished: !stopped && next >= items.length };
}
