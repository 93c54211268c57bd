package ai.refinery.tuning.strategy;

import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.ParamRange;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The Cartesian product of each range's grid values: continuous ranges discretised into {@code
 * pointsPerRange} values evenly spaced in their warped unit interval, integer ranges into all their
 * values when there are at most that many (else evenly spaced), categories all. The order of the
 * product is shuffled with the seed (so that stopping after maxTrials still covers every range);
 * points already observed, e.g. on resume, are skipped.
 */
public final class GridSearch implements SearchStrategy {
  /** Largest grid whose order is shuffled; bigger grids are walked in order. */
  private static final long SHUFFLE_LIMIT = 1_000_000;

  private final SearchSpace space;
  private final List<List<Object>> axes = new ArrayList<>();
  private final long total;
  private final int[] order;
  private long cursor;

  public GridSearch(SearchSpace space, int pointsPerRange, long seed) {
    if (pointsPerRange < 2) {
      throw new IllegalArgumentException("pointsPerRange must be >= 2 but is " + pointsPerRange);
    }
    this.space = space;
    long t = 1;
    for (ParamRange r : space.ranges()) {
      List<Object> axis = axis(r, pointsPerRange);
      axes.add(axis);
      t = Math.multiplyExact(t, (long) axis.size());
    }
    this.total = t;
    if (total <= SHUFFLE_LIMIT) {
      order = new int[(int) total];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Random rnd = new Random(seed);
      for (int i = order.length - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
    } else {
      order = null;
    }
  }

  private static List<Object> axis(ParamRange r, int k) {
    if (r instanceof CategoricalRange c) {
      return c.values();
    }
    if (r instanceof IntegerRange ir && ir.size() <= k) {
      List<Object> all = new ArrayList<>();
      for (int v = ir.min(); v <= ir.max(); v++) {
        all.add(v);
      }
      return all;
    }
    LinkedHashSet<Object> vals = new LinkedHashSet<>();
    for (int i = 0; i < k; i++) {
      vals.add(r.fromUnit(i / (double) (k - 1)));
    }
    return new ArrayList<>(vals);
  }

  /** Number of points in the grid. */
  public long size() {
    return total;
  }

  @Override
  public List<Map<String, Object>> propose(int n, SearchState state) {
    List<Map<String, Object>> out = new ArrayList<>();
    while (out.size() < n && cursor < total) {
      long idx = order == null ? cursor : order[(int) cursor];
      cursor++;
      Map<String, Object> p = point(idx);
      if (!state.seen(p)) {
        out.add(p);
      }
    }
    return out;
  }

  private Map<String, Object> point(long idx) {
    Map<String, Object> p = new LinkedHashMap<>();
    long rest = idx;
    List<ParamRange> ranges = space.ranges();
    for (int i = 0; i < ranges.size(); i++) {
      List<Object> axis = axes.get(i);
      p.put(ranges.get(i).name(), axis.get((int) (rest % axis.size())));
      rest /= axis.size();
    }
    return p;
  }

  @Override
  public String name() {
    return "grid";
  }
}
