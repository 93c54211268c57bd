package ai.refinery.cv;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Test helpers reading fold assignments back. */
final class FoldChecks {
  private FoldChecks() {}

  /**
   * The message of the error {@code assigner} raises for {@code df}, when it checks the schema or
   * when the assignment runs.
   */
  static String assignError(Transformer assigner, Dataset<Row> df) {
    return assertThrows(IllegalArgumentException.class, () -> assigner.transform(df).count())
        .getMessage();
  }

  /** id -> fold. */
  static Map<Long, Integer> foldsById(Dataset<Row> df, String foldCol) {
    Map<Long, Integer> out = new HashMap<>();
    for (Row r : df.select("id", foldCol).collectAsList()) {
      out.put(((Number) r.get(0)).longValue(), r.getInt(1));
    }
    return out;
  }

  /** (key, fold) -> count. */
  static Map<String, Map<Integer, Long>> countsBy(Dataset<Row> df, String keyCol, String foldCol) {
    Map<String, Map<Integer, Long>> out = new TreeMap<>();
    List<Row> rows = df.groupBy(keyCol, foldCol).count().collectAsList();
    for (Row r : rows) {
      out.computeIfAbsent(String.valueOf(r.get(0)), x -> new TreeMap<>())
          .merge(r.getInt(1), r.getLong(2), Long::sum);
    }
    return out;
  }

  static long spread(Map<Integer, Long> perFold, int k) {
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int f = 0; f < k; f++) {
      long c = perFold.getOrDefault(f, 0L);
      min = Math.min(min, c);
      max = Math.max(max, c);
    }
    return max - min;
  }
}
