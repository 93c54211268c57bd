package ai.refinery.cv;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Equal-frequency bins of a continuous column, found with three small aggregates (min/max, a
 * 4096-bin histogram, then 4096 sub-bins inside the bins that hold a bin boundary), never a sort or
 * a collect of the data. Values are binned on {@code sign(v) * log1p(|v|)} so heavy tails do not
 * squash the histogram. Boundaries are exact to 1/2^24 of that range, and deterministic: they
 * depend on counts and the exact min/max only, not on partitioning (unlike approxQuantile, whose
 * merged sketches depend on the partitions).
 */
final class QuantileBins {
  private static final int W = 4096;

  private QuantileBins() {}

  /** The transformed value the bins are cut on. */
  static Column transformed(Column v) {
    Column d = v.cast("double");
    return functions.signum(d).multiply(functions.log1p(functions.abs(d)));
  }

  /**
   * Ascending thresholds: a value's bin is the number of thresholds {@code <=} its transformed
   * value. {@code df} must not hold null or NaN in {@code valueCol}.
   */
  static double[] thresholds(Dataset<Row> df, String valueCol, int numBins) {
    Column t = transformed(functions.col(valueCol));
    Row mm = df.agg(functions.min(t), functions.max(t), functions.count(functions.lit(1))).first();
    long n = mm.getLong(2);
    if (n == 0 || mm.isNullAt(0)) {
      return new double[0];
    }
    double min = mm.getDouble(0);
    double max = mm.getDouble(1);
    if (!(max > min)) {
      return new double[0];
    }
    double w1 = (max - min) / W;
    Column b1 =
        functions.least(functions.floor(t.minus(min).divide(w1)), functions.lit(W - 1)).cast("int");
    long[] counts = new long[W];
    for (Row r : df.select(b1.as("b")).groupBy("b").count().collectAsList()) {
      counts[r.getInt(0)] = r.getLong(1);
    }
    // the level-1 bin holding each target rank, and the rank at which that bin starts
    long[] targets = new long[numBins - 1];
    int[] boundaryBin = new int[numBins - 1];
    long[] binStart = new long[numBins - 1];
    for (int i = 1; i < numBins; i++) {
      targets[i - 1] = Math.round((double) n * i / numBins);
    }
    long cum = 0;
    int ti = 0;
    for (int b = 0; b < W && ti < targets.length; b++) {
      while (ti < targets.length && cum + counts[b] > targets[ti]) {
        boundaryBin[ti] = b;
        binStart[ti] = cum;
        ti++;
      }
      cum += counts[b];
    }
    TreeSet<Integer> refine = new TreeSet<>();
    for (int i = 0; i < ti; i++) {
      refine.add(boundaryBin[i]);
    }
    TreeSet<Double> out = new TreeSet<>();
    if (!refine.isEmpty()) {
      double w2 = w1 / W;
      List<Column> inRefine = new ArrayList<>();
      for (int b : refine) {
        inRefine.add(functions.lit(b));
      }
      Column b2 =
          functions
              .least(
                  functions.floor(t.minus(min).minus(b1.multiply(w1)).divide(w2)),
                  functions.lit(W - 1))
              .cast("int");
      long[][] sub = new long[W][];
      for (Row r :
          df.select(b1.as("b"), b2.as("s"))
              .filter(functions.col("b").isin(inRefine.stream().map(c -> (Object) c).toArray()))
              .groupBy("b", "s")
              .count()
              .collectAsList()) {
        int b = r.getInt(0);
        if (sub[b] == null) {
          sub[b] = new long[W];
        }
        sub[b][Math.max(0, Math.min(W - 1, r.getInt(1)))] += r.getLong(2);
      }
      for (int i = 0; i < ti; i++) {
        int b = boundaryBin[i];
        long c = binStart[i];
        for (int s = 0; s < W; s++) {
          c += sub[b] == null ? 0 : sub[b][s];
          if (c > targets[i]) {
            // rows from this sub-bin on belong to the upper bin
            out.add(min + b * w1 + s * w2);
            break;
          }
        }
      }
    }
    out.remove(min); // a threshold at the minimum would leave bin 0 empty
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The bin index (int) of a value column given the thresholds. */
  static Column binOf(Column v, double[] thresholds) {
    if (thresholds.length == 0) {
      return functions.lit(0);
    }
    Column[] lits = new Column[thresholds.length];
    for (int i = 0; i < thresholds.length; i++) {
      lits[i] = functions.lit(thresholds[i]);
    }
    Column t = transformed(v);
    return functions.size(functions.filter(functions.array(lits), x -> x.leq(t)));
  }
}
