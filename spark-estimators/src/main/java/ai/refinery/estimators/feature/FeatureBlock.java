package ai.refinery.estimators.feature;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link TabularFeaturizer} learned about one input column, and the slots it fills in the
 * features vector: a numeric column fills one slot (plus one for its missing indicator); a
 * categorical column fills one slot per kept level.
 *
 * @param column input column name
 * @param categorical true for a one-hot block
 * @param fill value used for a missing numeric value
 * @param indicator whether a numeric block has a missing-indicator slot
 * @param levels kept levels of a categorical block, in slot order
 */
public record FeatureBlock(
    String column, boolean categorical, double fill, boolean indicator, List<String> levels)
    implements Serializable {
  /** The level that stands for a null categorical value. */
  public static final String MISSING_LEVEL = "(missing)";

  public FeatureBlock {
    levels = List.copyOf(levels);
  }

  static FeatureBlock numeric(String column, double fill, boolean indicator) {
    return new FeatureBlock(column, false, fill, indicator, List.of());
  }

  static FeatureBlock categorical(String column, List<String> levels) {
    return new FeatureBlock(column, true, 0.0, false, levels);
  }

  /** Number of vector slots this block fills. */
  public int width() {
    return categorical ? levels.size() : (indicator ? 2 : 1);
  }

  /** Names of this block's slots, as written in the vector metadata. */
  public List<String> slotNames() {
    if (categorical) {
      return levels.stream().map(l -> column + "=" + l).toList();
    }
    return indicator ? List.of(column, column + "_missing") : List.of(column);
  }
}
