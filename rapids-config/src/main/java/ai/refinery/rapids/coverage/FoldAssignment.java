package ai.refinery.rapids.coverage;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Adds an integer fold column to a table; pluggable so the coverage workload can use the cv
 * module's assigners. {@link #hash} is the built-in-expression default.
 */
@FunctionalInterface
public interface FoldAssignment {
  /** The table with an int column {@code foldCol} in 0..numFolds-1. */
  Dataset<Row> assign(Dataset<Row> data, String foldCol, int numFolds);

  /**
   * {@code pmod(xxhash64(seed, idCol), numFolds)}: built-in expressions only (GPU-eligible), same
   * folds for the same seed and ids on any number of partitions, no shuffle.
   */
  static FoldAssignment hash(String idCol, long seed) {
    return (data, foldCol, numFolds) -> {
      if (numFolds < 2) {
        throw new IllegalArgumentException("numFolds must be >= 2 but is " + numFolds);
      }
      return data.withColumn(
          foldCol,
          functions
              .pmod(
                  functions.xxhash64(functions.lit(seed), functions.col(idCol)),
                  functions.lit((long) numFolds))
              .cast("int"));
    };
  }
}
