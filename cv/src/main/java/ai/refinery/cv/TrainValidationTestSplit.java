package ai.refinery.cv;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.params.HasGroupCol;
import ai.refinery.estimators.params.HasLabelCol;
import ai.refinery.estimators.params.HasSeed;
import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.params.ParamSpecs;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Splits rows into train / validation / test (a string column {@code splitCol}) by {@code ratios},
 * seeded; optionally stratified on {@code labelCol} (each class split by the ratios, to the row) or
 * grouped on {@code groupCol} (a group lands in one split; largest groups first, each to the split
 * furthest below its target). Same distributed, partition-independent engine as the fold assigners
 * ({@link RankedFolds}); identical rows are split as independently as distinct rows (see {@link
 * ai.refinery.estimators.RowKeys}), so use {@code groupCol} when rows that belong together must
 * stay in one split. A ratio may be 0 (e.g. no validation set).
 */
public class TrainValidationTestSplit extends Transformer
    implements HasLabelCol, HasGroupCol, HasSeed, DefaultParamsWritable {
  static final String[] NAMES = {"train", "validation", "test"};
  private final String uid;
  private final DoubleArrayParam ratios;
  private final Param<String> splitCol;
  private final Param<String> labelCol;
  private final Param<String> groupCol;
  private final LongParam seed;
  private final Param<String> handleInvalid;

  public TrainValidationTestSplit() {
    this(Uids.random("tvtSplit"));
  }

  public TrainValidationTestSplit(String uid) {
    this.uid = uid;
    ratios =
        new DoubleArrayParam(
            this,
            "ratios",
            "fractions of rows for train, validation and test (3 values >= 0, sum 1)",
            ParamCheck.<double[]>of(
                "ratios",
                "must be 3 fractions >= 0 (train, validation, test) that sum to 1",
                TrainValidationTestSplit::validRatios));
    splitCol = new Param<>(this, "splitCol", "output column: 'train', 'validation' or 'test'");
    labelCol = new Param<>(this, "labelCol", "stratify on this column (classes) when not empty");
    groupCol =
        new Param<>(this, "groupCol", "keep the rows of a group in one split when not empty");
    seed = ParamSpecs.seed(this);
    handleInvalid = CvParamSpecs.handleInvalid(this);
    setDefault(ratios, new double[] {0.7, 0.15, 0.15});
    setDefault(splitCol, "split");
    setDefault(labelCol, "");
    setDefault(groupCol, "");
    setDefault(seed, (long) getClass().getName().hashCode());
    setDefault(handleInvalid, "error");
  }

  private static boolean validRatios(double[] r) {
    if (r.length != 3) {
      return false;
    }
    double s = 0;
    for (double x : r) {
      if (!(x >= 0)) {
        return false;
      }
      s += x;
    }
    return Math.abs(s - 1) < 1e-9;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** Train, validation and test fractions. */
  public DoubleArrayParam ratios() {
    return ratios;
  }

  /** The output column. */
  public Param<String> splitCol() {
    return splitCol;
  }

  @Override
  public Param<String> labelCol() {
    return labelCol;
  }

  @Override
  public Param<String> groupCol() {
    return groupCol;
  }

  @Override
  public LongParam seed() {
    return seed;
  }

  /** What to do with null or NaN labels or groups: error, skip or keep. */
  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  public double[] getRatios() {
    return $(ratios);
  }

  public String getSplitCol() {
    return $(splitCol);
  }

  public String getHandleInvalid() {
    return $(handleInvalid);
  }

  public TrainValidationTestSplit setRatios(double train, double validation, double test) {
    set(ratios, new double[] {train, validation, test});
    return this;
  }

  public TrainValidationTestSplit setSplitCol(String value) {
    set(splitCol, value);
    return this;
  }

  public TrainValidationTestSplit setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  public TrainValidationTestSplit setGroupCol(String value) {
    set(groupCol, value);
    return this;
  }

  public TrainValidationTestSplit setSeed(long value) {
    set(seed, value);
    return this;
  }

  public TrainValidationTestSplit setHandleInvalid(String value) {
    set(handleInvalid, value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    boolean strat = !getLabelCol().isEmpty();
    boolean grouped = !getGroupCol().isEmpty();
    if (strat && grouped) {
      throw new IllegalArgumentException(
          "Set labelCol (stratified split) or groupCol (grouped"
              + " split), not both; for grouped folds with class balance use StratifiedGroupKFold.");
    }
    if (strat) {
      SchemaChecks.requireKey(schema, getLabelCol(), "labelCol");
    }
    if (grouped) {
      SchemaChecks.requireKey(schema, getGroupCol(), "groupCol");
    }
    return SchemaChecks.appendColumn(
        schema, getSplitCol(), "splitCol", DataTypes.StringType, false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> df = dataset.toDF();
    double[] r = getRatios();
    String tmp = "__cv_split";
    Dataset<Row> out;
    if (!getGroupCol().isEmpty()) {
      Dataset<Row> keyed = GroupKFold.withGroupKey(df, getGroupCol(), getHandleInvalid());
      out =
          GroupFolds.assign(
              keyed,
              functions.count(functions.lit(1)),
              getSeed(),
              tmp,
              strata -> {
                GroupKFold.checkGroups(strata, 1, "groups");
                return towardTargets(strata, r);
              });
    } else {
      Column key = functions.lit(0);
      if (!getLabelCol().isEmpty()) {
        key = StratifiedKFold.invalidAsNull(df.schema(), getLabelCol());
        df = StratifiedKFold.handleInvalid(df, key, getLabelCol(), "labelCol", getHandleInvalid());
      }
      Dataset<Row> items =
          FoldTransformer.withRowKey(df)
              .withColumn(RankedFolds.STRATUM, key)
              .withColumn(RankedFolds.HASH, FoldTransformer.rowHash(getSeed()));
      String label = getLabelCol();
      out =
          RankedFolds.assign(
              items,
              8,
              tmp,
              FoldTransformer.MAX_CLASSES << 8,
              strata -> {
                FoldTransformer.checkCounts(strata, 1, "rows");
                for (RankedFolds.Stratum s : strata) {
                  if (s.value() == null && getHandleInvalid().equals("error") && !label.isEmpty()) {
                    throw StratifiedKFold.invalidError(label, "labelCol", s.count());
                  }
                }
                List<RankedFolds.Allocation> a = new ArrayList<>();
                for (RankedFolds.Stratum s : strata) {
                  a.add(RankedFolds.Allocation.ofSizes(largestRemainder(s.count(), r)));
                }
                return a;
              });
    }
    Column name =
        functions.element_at(
            functions.array(
                functions.lit(NAMES[0]), functions.lit(NAMES[1]), functions.lit(NAMES[2])),
            functions.col(tmp).plus(1));
    return out.withColumn(getSplitCol(), name).drop(tmp);
  }

  /** Sizes summing to n, each within one of n * ratio (largest remainders round up). */
  static long[] largestRemainder(long n, double[] r) {
    long[] sizes = new long[r.length];
    double[] rem = new double[r.length];
    long used = 0;
    for (int i = 0; i < r.length; i++) {
      double exact = n * r[i];
      sizes[i] = (long) Math.floor(exact);
      rem[i] = exact - sizes[i];
      used += sizes[i];
    }
    while (used < n) {
      int best = 0;
      for (int i = 1; i < r.length; i++) {
        if (rem[i] > rem[best]) {
          best = i;
        }
      }
      sizes[best]++;
      rem[best] = -1;
      used++;
    }
    return sizes;
  }

  /** Groups largest first, each to the split furthest below its target row count. */
  private static List<RankedFolds.Allocation> towardTargets(
      List<RankedFolds.Stratum> strata, double[] r) {
    long total = 0;
    for (RankedFolds.Stratum s : strata) {
      total += ((Number) s.value()).longValue() * s.count();
    }
    double[] deficit = new double[r.length];
    for (int i = 0; i < r.length; i++) {
      deficit[i] = total * r[i];
    }
    long[][] counts = new long[strata.size()][r.length];
    for (int i = strata.size() - 1; i >= 0; i--) {
      long size = ((Number) strata.get(i).value()).longValue();
      for (long g = 0; g < strata.get(i).count(); g++) {
        int best = -1;
        for (int f = 0; f < r.length; f++) {
          if (r[f] > 0 && (best < 0 || deficit[f] > deficit[best])) {
            best = f;
          }
        }
        deficit[best] -= size;
        counts[i][best]++;
      }
    }
    List<RankedFolds.Allocation> out = new ArrayList<>();
    for (long[] c : counts) {
      out.add(RankedFolds.Allocation.ofSizes(c));
    }
    return out;
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<TrainValidationTestSplit> read() {
    return SparkBridge.defaultReader();
  }

  public static TrainValidationTestSplit load(String path) {
    return read().load(path);
  }
}
