package ai.refinery.estimators;

/**
 * Derives independent child seeds from one root seed (SplitMix64 mixing), so that fold k, member k
 * or trial k gets the same seed whatever the parallelism or the order in which work runs.
 */
public final class SeedSequence {
  private final long root;

  public SeedSequence(long root) {
    this.root = root;
  }

  /** The k-th child seed. */
  public long child(long k) {
    return mix(root + 0x9E3779B97F4A7C15L * (k + 1));
  }

  /** The first {@code n} child seeds, drawn before any work starts. */
  public long[] children(int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = child(i);
    }
    return out;
  }

  /** A child sequence for a nested level (e.g. the folds inside trial k). */
  public SeedSequence spawn(long k) {
    return new SeedSequence(child(k) ^ 0x5DEECE66DL);
  }

  /** SplitMix64's finaliser: a bijective, well-mixed function of a long. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
