let lastVersion = 0;

/**
 * The version of a row in a ReplacingMergeTree table: strictly increasing within this process,
 * so two changes in one millisecond still order.
 */
export function nextVersion(now = Date.now()): number {
  lastVersion = Math.max(now * 1000, lastVersion + 1);
  return lastVersion;
}
