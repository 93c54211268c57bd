package ai.refinery.cv;

import ai.refinery.estimators.params.HasFoldCol;
import ai.refinery.estimators.params.HasNumFolds;
import ai.refinery.estimators.params.HasSeed;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A stage that adds an integer fold column ({@code foldCol}, values {@code 0..numFolds-1}) to a
 * dataset. Same seed and same data give the same folds, on any number of partitions. Every fold
 * stage of this package implements it; the cross-validator, stacking and tuning take one.
 */
public interface FoldAssigner extends HasNumFolds, HasFoldCol, HasSeed {
  /**
   * The input rows plus the fold column. For a Transformer this is {@code transform(df)}; for an
   * Estimator/Model pair it is {@code fit(df).transform(df)}.
   */
  Dataset<Row> assignFolds(Dataset<?> df);

  /** The input schema plus the fold column; fails on bad input before any Spark job. */
  StructType transformSchema(StructType schema);
}
