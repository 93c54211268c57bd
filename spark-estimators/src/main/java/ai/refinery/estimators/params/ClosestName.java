package ai.refinery.estimators.params;

import java.util.Collection;
import java.util.Locale;

/**
 * The known name closest to a misspelled one, for "did you mean" hints in error messages. Names are
 * compared ignoring case and underscores ({@code max_dpeth} is near {@code maxDepth} and {@code
 * max_depth}), by edit distance; a name too far from every known one has no suggestion.
 */
public final class ClosestName {
  private ClosestName() {}

  /** The closest of {@code known} to {@code name}, or null when none is close. */
  public static String of(String name, Collection<String> known) {
    String key = fold(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = editDistance(key, fold(k));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
  }

  /** {@code " Did you mean 'x'?"}, or the empty string when no known name is close. */
  public static String hint(String name, Collection<String> known) {
    String near = of(name, known);
    return near == null ? "" : " Did you mean '" + near + "'?";
  }

  private static String fold(String s) {
    return s.replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
