package ai.refinery.estimators.params;

import java.util.Collection;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The known name closest to a misspelled one, for "did you mean" hints in error messages. Names are
 * compared ignoring case and underscores ({@code max_dpeth} is near {@code maxDepth} and {@code
 * max_depth}), by edit distance (Commons Text's Levenshtein, which Spark ships); a name too far
 * from every known one has no suggestion.
 */
public final class ClosestName {
  private ClosestName() {}

  /** The closest of {@code known} to {@code name}, or null when none is close. */
  public static String of(String name, Collection<String> known) {
    String key = fold(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = LevenshteinDistance.getDefaultInstance().apply(key, fold(k));
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
}
