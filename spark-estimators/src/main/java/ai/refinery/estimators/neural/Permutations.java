package ai.refinery.estimators.neural;

import ai.refinery.estimators.SeedSequence;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Each partition's row order for an epoch: a seeded shuffle that depends only on (seed, epoch,
 * partition), so that a resumed fit sees the same batches. Kept per executor JVM (a small LRU) so
 * that the per-step jobs of an epoch shuffle once, not once per step.
 */
final class Permutations {
  private static final int MAX_ENTRIES = 16;
  private static final Map<String, int[]> CACHE =
      new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  private Permutations() {}

  static int[] get(String run, int partition, int epoch, int n, long seed) {
    String key = run + "/" + partition + "/" + epoch;
    synchronized (CACHE) {
      int[] p = CACHE.get(key);
      if (p != null && p.length == n) {
        return p;
      }
    }
    int[] p = of(partition, epoch, n, seed);
    synchronized (CACHE) {
      CACHE.put(key, p);
    }
    return p;
  }

  /** A partition's row order in an epoch (not cached). */
  static int[] of(int partition, int epoch, int n, long seed) {
    return shuffle(n, seeds(seed, epoch, partition, 0x5A17));
  }

  static int[] shuffle(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** A seed for one (epoch, partition, step) from the fit's seed. */
  static long seeds(long seed, long a, long b, long c) {
    long z = SeedSequence.mix(seed + 0x9E3779B97F4A7C15L * (a + 1));
    z = SeedSequence.mix(z + 0xC2B2AE3D27D4EB4FL * (b + 1));
    return SeedSequence.mix(z + 0x165667B19E3779F9L * (c + 1));
  }
}
