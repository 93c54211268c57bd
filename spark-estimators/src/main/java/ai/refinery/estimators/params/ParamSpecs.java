package ai.refinery.estimators.params;

import java.util.Locale;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The one place shared params get a name, a doc and a validator, the way Spark generates its {@code
 * HasXxx} traits from one table. Stages create their params through these factories in the
 * constructor (after the uid is assigned) and expose each through a public no-argument accessor.
 */
public final class ParamSpecs {
  private ParamSpecs() {}

  public static Param<String> featuresCol(Params owner) {
    return new Param<>(owner, "featuresCol", "features column name (vector)");
  }

  public static Param<String> labelCol(Params owner) {
    return new Param<>(owner, "labelCol", "label column name (numeric)");
  }

  public static Param<String> predictionCol(Params owner) {
    return new Param<>(owner, "predictionCol", "prediction column name");
  }

  public static Param<String> outputCol(Params owner) {
    return new Param<>(owner, "outputCol", "output column name");
  }

  public static StringArrayParam inputCols(Params owner) {
    return new StringArrayParam(
        owner, "inputCols", "input column names; empty means every column not excluded");
  }

  public static Param<String> weightCol(Params owner) {
    return new Param<>(
        owner,
        "weightCol",
        "instance weight column name (numeric, >= 0); empty means all weights are 1");
  }

  public static Param<String> groupCol(Params owner) {
    return new Param<>(
        owner, "groupCol", "group column name: rows of one group never cross folds or splits");
  }

  public static Param<String> foldCol(Params owner) {
    return new Param<>(owner, "foldCol", "fold column name (int, 0..numFolds-1)");
  }

  public static IntParam numFolds(Params owner) {
    return new IntParam(
        owner, "numFolds", "number of folds (>= 2)", ParamCheck.atLeast("numFolds", 2));
  }

  public static LongParam seed(Params owner) {
    return new LongParam(owner, "seed", "random seed");
  }

  public static IntParam parallelism(Params owner) {
    return new IntParam(
        owner,
        "parallelism",
        "number of models fitted at the same time from the driver (>= 1); each fit is itself a"
            + " distributed Spark job",
        ParamCheck.atLeast("parallelism", 1));
  }

  /** The default of {@link #localRowsTimesFeatures}: 25 million (about 100 MB as floats). */
  public static final long LOCAL_ROWS_TIMES_FEATURES = 25_000_000L;

  /** Where fits run; set its default ("auto") in the owner's constructor. */
  public static Param<String> executionMode(Params owner) {
    return enumParam(
        owner,
        "executionMode",
        "where each fit runs: 'local' gathers a fit's training rows into one Spark task (never"
            + " onto the driver) and fits them there with a single-machine engine (XGBoost through"
            + " xgboost4j, same params and same model class as a distributed fit); 'distributed'"
            + " runs the estimator's own Spark fit; 'auto' chooses local when the estimator supports"
            + " it and rows x features is at most localRowsTimesFeatures, else distributed, and logs"
            + " its choice. Estimators without a single-machine engine (Spark ML's) always fit"
            + " distributed",
        ai.refinery.estimators.run.ExecutionMode.class);
  }

  /** auto's budget for a local fit; set its default ({@link #LOCAL_ROWS_TIMES_FEATURES}). */
  public static LongParam localRowsTimesFeatures(Params owner) {
    return new LongParam(
        owner,
        "localRowsTimesFeatures",
        "with executionMode 'auto', a fit runs in one Spark task when its rows x features is at"
            + " most this (>= 0; default 25000000, about 100 MB of float features)",
        ParamCheck.atLeast("localRowsTimesFeatures", 0));
  }

  /**
   * A string param restricted to an enum's names in lower case, e.g. {@code enumParam(this, "mode",
   * "...", Mode.class)}; a bad value fails with the allowed ones.
   */
  public static <E extends Enum<E>> Param<String> enumParam(
      Params owner, String name, String doc, Class<E> type) {
    E[] values = type.getEnumConstants();
    String[] names = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      names[i] = values[i].name().toLowerCase(Locale.ROOT);
    }
    return new Param<>(
        owner,
        name,
        doc + " (one of: " + String.join(", ", names) + ")",
        ParamCheck.oneOf(name, names));
  }

  /** Reads an enum param written with {@link #enumParam}. */
  public static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
    return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
  }
}
