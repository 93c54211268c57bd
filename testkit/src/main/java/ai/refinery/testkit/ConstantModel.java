package ai.refinery.testkit;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model of the test estimators that meta-estimators are tested with (fold loop, tuner): it adds
 * one double column holding the constant its estimator computed, so a test knows every fold's or
 * trial's metric in advance.
 */
public final class ConstantModel extends Model<ConstantModel> {
  private final String uid;
  private final String col;
  private final double value;

  public ConstantModel(String uid, String col, double value) {
    this.uid = uid;
    this.col = col;
    this.value = value;
  }

  /** The constant in the added column. */
  public double value() {
    return value;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return dataset.toDF().withColumn(col, functions.lit(value));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return schema.add(col, DataTypes.DoubleType, false);
  }

  @Override
  public ConstantModel copy(ParamMap extra) {
    return copyValues(new ConstantModel(uid, col, value), extra).setParent(parent());
  }

  /**
   * Sleeps {@code ms} inside a test estimator's fit (a slow fit); an interrupt (a cancelled fit)
   * ends it with an {@link IllegalStateException}, the interrupt flag set again.
   */
  public static void sleepInFit(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("fit interrupted", e);
    }
  }
}
