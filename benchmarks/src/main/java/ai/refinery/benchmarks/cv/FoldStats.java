package ai.refinery.benchmarks.cv;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Fold-quality statistics, with the same formulas as benchmarks/python/fold_quality.py: max
 * |n(class, fold) - n(class)/k|, max |class share in fold - global share|, fold-size spread, and
 * for grouped data whether every group lies in one fold.
 */
record FoldStats(
    double maxCountDev, double maxPropDev, long sizeSpread, Boolean disjoint, long groupsSplit) {

  static FoldStats of(Dataset<Row> df, String labelCol, String foldCol, String groupCol, int k) {
    List<Row> counts =
        df.groupBy(functions.col(labelCol).cast("string").as("c"), functions.col(foldCol).as("f"))
            .count()
            .collectAsList();
    Map<String, Long> classTotal = new HashMap<>();
    long[] foldSize = new long[k];
    Map<String, Long> cell = new HashMap<>();
    long n = 0;
    for (Row r : counts) {
      classTotal.merge(r.getString(0), r.getLong(2), Long::sum);
      foldSize[r.getInt(1)] += r.getLong(2);
      cell.put(r.getString(0) + "|" + r.getInt(1), r.getLong(2));
      n += r.getLong(2);
    }
    double countDev = 0;
    double propDev = 0;
    for (Map.Entry<String, Long> c : classTotal.entrySet()) {
      for (int f = 0; f < k; f++) {
        long nc = cell.getOrDefault(c.getKey() + "|" + f, 0L);
        countDev = Math.max(countDev, Math.abs(nc - (double) c.getValue() / k));
        propDev =
            Math.max(propDev, Math.abs((double) nc / foldSize[f] - (double) c.getValue() / n));
      }
    }
    long min = Long.MAX_VALUE;
    long max = 0;
    for (long s : foldSize) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    Boolean disjoint = null;
    long split = 0;
    if (groupCol != null) {
      split =
          df.groupBy(groupCol)
              .agg(functions.countDistinct(foldCol).as("nf"))
              .filter("nf > 1")
              .count();
      disjoint = split == 0;
    }
    return new FoldStats(countDev, propDev, max - min, disjoint, split);
  }
}
