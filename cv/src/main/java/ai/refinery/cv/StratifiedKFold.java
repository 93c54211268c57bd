package ai.refinery.cv;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.params.HasLabelCol;
import ai.refinery.estimators.params.ParamSpecs;
import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.FractionalType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stratified, shuffled, seeded k-fold. For every class, its rows are spread so that per-fold counts
 * differ by at most one (scikit-learn's guarantee), and total fold sizes differ by at most one as
 * well. With {@code numBins >= 2} a continuous label is stratified on that many equal-frequency
 * bins instead of its values.
 *
 * <p>Scale: the per-class (per class x hash bucket) counts are one small aggregate; the assignment
 * is one distributed pass whose windows hold a small slice of a class each (see {@link
 * RankedFolds}). The within-class order is a seeded hash of each row's content and its occurrence
 * number among identical rows ({@link ai.refinery.estimators.RowKeys}): identical rows are spread
 * over the folds as distinct rows are (as scikit-learn's shuffled StratifiedKFold does), and the
 * folds are the same on any number of partitions. {@code duplicatePolicy = together} keeps each set
 * of rows identical on {@code keyCols} in one fold instead.
 *
 * <p>Like scikit-learn, more folds than the members of every class is an error, and more folds than
 * the members of the smallest class a warning (that class is missing from some folds).
 */
public class StratifiedKFold extends FoldTransformer
    implements HasLabelCol, FoldSetters<StratifiedKFold> {
  private static final Logger LOG = LoggerFactory.getLogger(StratifiedKFold.class);
  private final Param<String> labelCol;
  private final Param<String> handleInvalid;
  private final IntParam numBins;

  public StratifiedKFold() {
    this(Uids.random("stratKFold"));
  }

  public StratifiedKFold(String uid) {
    super(uid);
    labelCol = ParamSpecs.labelCol(this);
    handleInvalid = CvParamSpecs.handleInvalid(this);
    numBins = CvParamSpecs.numBins(this);
    setDefault(labelCol, "label");
    setDefault(handleInvalid, "error");
    setDefault(numBins, 0);
  }

  @Override
  public Param<String> labelCol() {
    return labelCol;
  }

  /** What to do with null or NaN labels: error, skip or keep (as a class of their own). */
  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  /** 0: stratify on label values; >= 2: on this many quantile bins of a continuous label. */
  public IntParam numBins() {
    return numBins;
  }

  public String getHandleInvalid() {
    return $(handleInvalid);
  }

  public int getNumBins() {
    return (Integer) $(numBins);
  }

  public StratifiedKFold setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  public StratifiedKFold setHandleInvalid(String value) {
    set(handleInvalid, value);
    return this;
  }

  public StratifiedKFold setNumBins(int value) {
    set(numBins, value);
    return this;
  }

  @Override
  protected void checkInput(StructType schema) {
    if (getNumBins() > 0) {
      SchemaChecks.requireNumeric(schema, getLabelCol(), "labelCol");
    } else {
      SchemaChecks.requireKey(schema, getLabelCol(), "labelCol");
    }
  }

  /** The label as a stratum key: null for null (and NaN for fractional labels). */
  static Column invalidAsNull(StructType schema, String col) {
    Column c = functions.col(col);
    DataType t = schema.apply(col).dataType();
    if (t instanceof FractionalType) {
      return functions
          .when(functions.isnan(c.cast("double")), functions.lit(null).cast(t))
          .otherwise(c);
    }
    return c;
  }

  /** Drops or rejects invalid keys as handleInvalid says; returns the rows to assign. */
  static Dataset<Row> handleInvalid(
      Dataset<Row> df, Column key, String col, String param, String policy) {
    if (policy.equals("skip")) {
      return df.filter(key.isNotNull());
    }
    return df;
  }

  static IllegalArgumentException invalidError(String col, String param, long count) {
    return new IllegalArgumentException(
        String.format(
            "Column '%s' (param %s) has %d null or NaN values. Set handleInvalid to 'skip' (drop"
                + " those rows) or 'keep' (treat them as one value of their own), or clean the"
                + " column.",
            col, param, count));
  }

  @Override
  protected List<String> readCols() {
    return List.of(getLabelCol());
  }

  /** The rows to assign (invalid labels handled) and their stratum key (class or bin). */
  private Object[] strataOf(Dataset<Row> df) {
    String label = getLabelCol();
    String policy = getHandleInvalid();
    Column key = invalidAsNull(df.schema(), label);
    df = handleInvalid(df, key, label, "labelCol", policy);
    if (getNumBins() > 0) {
      if (policy.equals("error")) {
        long bad = df.filter(key.isNull()).count();
        if (bad > 0) {
          throw invalidError(label, "labelCol", bad);
        }
      }
      double[] th = QuantileBins.thresholds(df.filter(key.isNotNull()), label, getNumBins());
      key =
          functions
              .when(key.isNull(), functions.lit(null).cast("int"))
              .otherwise(QuantileBins.binOf(key, th));
    }
    return new Object[] {df, key};
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Dataset<Row> assign(Dataset<Row> input) {
    int k = getNumFolds();
    String label = getLabelCol();
    String policy = getHandleInvalid();
    Object[] dk = strataOf(input);
    Dataset<Row> df = (Dataset<Row>) dk[0];
    Dataset<Row> items =
        withRowKey(df)
            .withColumn(RankedFolds.STRATUM, (Column) dk[1])
            .withColumn(RankedFolds.HASH, rowHash(getSeed()));
    return RankedFolds.assign(
        items,
        8,
        getFoldCol(),
        MAX_CLASSES << 8,
        (List<RankedFolds.Stratum> strata) -> {
          checkClasses(strata, k, label, policy);
          return RankedFolds.balanced(strata, k, getSeed());
        });
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Dataset<Row> assignTogether(Dataset<Row> keyed) {
    Object[] dk = strataOf(keyed);
    return StratifiedGroupKFold.assignKeyed(
        (Dataset<Row>) dk[0],
        (Column) dk[1],
        getLabelCol(),
        getHandleInvalid(),
        getNumFolds(),
        getSeed(),
        getFoldCol(),
        "distinct rows (duplicate sets)");
  }

  private void checkClasses(List<RankedFolds.Stratum> strata, int k, String label, String policy) {
    checkCounts(strata, k, "rows");
    if (strata.size() > MAX_CLASSES) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param labelCol) has more than %d distinct values: a continuous label?"
                  + " Set numBins (e.g. 10) to stratify on quantile bins.",
              label, MAX_CLASSES));
    }
    long min = Long.MAX_VALUE;
    long max = 0;
    Object minClass = null;
    for (RankedFolds.Stratum s : strata) {
      if (s.value() == null && policy.equals("error")) {
        throw invalidError(label, "labelCol", s.count());
      }
      if (s.count() < min) {
        min = s.count();
        minClass = s.value();
      }
      max = Math.max(max, s.count());
    }
    if (k > max) {
      throw new IllegalArgumentException(
          String.format(
              "numFolds=%d is greater than the number of members in each class of column '%s'"
                  + " (param labelCol): the largest class has %d. Lower numFolds.",
              k, label, max));
    }
    if (k > min) {
      LOG.warn(
          "The least populated class of column '{}' ({}) has only {} members, fewer than"
              + " numFolds={}: some folds will not contain it.",
          label,
          minClass,
          min,
          k);
    }
  }

  public static MLReader<StratifiedKFold> read() {
    return SparkBridge.defaultReader();
  }

  public static StratifiedKFold load(String path) {
    return read().load(path);
  }
}
