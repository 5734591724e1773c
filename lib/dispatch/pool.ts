/** Runs `work` over `items` with at most `limit` at a time; stops taking new items once `stop()` says so. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<{ finished: boolean }> {
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (next < items.length) {
      if (stop()) {
        stopped = true;
        return;
      }
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return { finished: !stopped && next >= items.length };
}
