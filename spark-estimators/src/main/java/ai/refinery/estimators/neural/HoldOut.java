package ai.refinery.estimators.neural;

import ai.refinery.estimators.RowKeys;
import ai.refinery.estimators.SeedSequence;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The {@code validationFraction} hold-out: a row is a validation row when a seeded uniform draw on
 * its row key ({@link RowKeys}: its features and label, with its occurrence number among identical
 * rows mixed in) is below the fraction. So identical rows are held out independently, like distinct
 * rows, and the split is the same on any partitioning. The weight is not part of the content: a
 * weight column and the equivalent class weights hold out the same rows.
 */
final class HoldOut {
  private static final String KEY = "__nn_row_key";

  private HoldOut() {}

  /**
   * {@code rows} (features, label, weight, validation indicator, in that order) with the indicator
   * column replaced by the hold-out draw when {@code validationFraction} is in use (no indicator
   * column set); otherwise {@code rows} unchanged.
   */
  static Dataset<Row> mark(Dataset<Row> rows, TrainConfig c) {
    if (c.hasIndicator() || !(c.validationFraction() > 0)) {
      return rows;
    }
    String[] cols = rows.columns();
    Column content =
        RowKeys.contentHash(
            org.apache.spark.ml.functions.vector_to_array(functions.col(cols[0]), "float64"),
            functions.col(cols[1]));
    Dataset<Row> keyed = RowKeys.withRowKey(rows, content, KEY);
    long seed = new SeedSequence(c.seed()).child(0x5B1D);
    return keyed.select(
        functions.col(cols[0]),
        functions.col(cols[1]),
        functions.col(cols[2]),
        RowKeys.uniform(functions.col(KEY), seed).lt(c.validationFraction()).as(cols[3]));
  }
}
