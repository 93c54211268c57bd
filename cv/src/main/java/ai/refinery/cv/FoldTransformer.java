package ai.refinery.cv;

import ai.refinery.estimators.RowKeys;
import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.SeedSequence;
import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.params.ParamSpecs;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Base of the fold assigners that are Transformers: params {@code numFolds}, {@code foldCol},
 * {@code seed}; {@link #assignFolds} is {@link #transform}. A fold assigner needs nothing learned
 * that could be reused on other data, so it is a Transformer whose output for a row depends on the
 * whole input (like a seeded random split).
 */
public abstract class FoldTransformer extends Transformer
    implements FoldAssigner, DefaultParamsWritable {
  /** Most classes (or bins) a stratified assigner accepts; more means a continuous label. */
  static final int MAX_CLASSES = 1000;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(FoldTransformer.class);

  private final String uid;
  private final IntParam numFolds;
  private final Param<String> foldCol;
  private final LongParam seed;
  private final Param<String> duplicatePolicy;
  private final StringArrayParam keyCols;
  private final IntParam numRepeats;
  private final Param<String> repeatCol;

  protected FoldTransformer(String uid) {
    this.uid = uid;
    this.numFolds = ParamSpecs.numFolds(this);
    this.foldCol = ParamSpecs.foldCol(this);
    this.seed = ParamSpecs.seed(this);
    this.duplicatePolicy =
        new Param<>(
            this,
            "duplicatePolicy",
            "rows identical on keyCols: 'ignore' (identical rows are dealt to folds as independent"
                + " rows, as scikit-learn's shuffled splitters do), 'report' the count of duplicate"
                + " sets per pair of folds (a WARN log; one extra job), 'fail' when a set spans"
                + " folds, or keep each duplicate set 'together' in one fold (repeated measurements"
                + " of one entity; group assigners merge the groups a duplicate set links)",
            ParamCheck.oneOf("duplicatePolicy", "ignore", "report", "fail", "together"));
    this.keyCols = CvParamSpecs.keyCols(this);
    this.numRepeats = CvParamSpecs.numRepeats(this);
    this.repeatCol = CvParamSpecs.repeatCol(this);
    setDefault(numRepeats, 1);
    setDefault(repeatCol, "repeat");
    setDefault(numFolds, 5);
    setDefault(foldCol, "fold");
    setDefault(seed, (long) getClass().getName().hashCode());
    setDefault(duplicatePolicy, "ignore");
    setDefault(keyCols, new String[0]);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public IntParam numFolds() {
    return numFolds;
  }

  @Override
  public Param<String> foldCol() {
    return foldCol;
  }

  @Override
  public LongParam seed() {
    return seed;
  }

  /** What to do with duplicate rows (equal on keyCols) that land in different folds. */
  public Param<String> duplicatePolicy() {
    return duplicatePolicy;
  }

  /**
   * Columns that define a duplicate; empty means every input column but the ones this assigner
   * reads (label, group). Set it to the feature columns when the table has a row id.
   */
  public StringArrayParam keyCols() {
    return keyCols;
  }

  /**
   * Number of repeats; above 1 the output holds every row once per repeat, with the repeat in
   * {@code repeatCol}, repeat r using seed child r of {@code seed} (see {@link
   * ai.refinery.estimators.SeedSequence}).
   */
  public IntParam numRepeats() {
    return numRepeats;
  }

  /** The repeat column (int), added when numRepeats > 1. */
  public Param<String> repeatCol() {
    return repeatCol;
  }

  public int getNumRepeats() {
    return (Integer) $(numRepeats);
  }

  public String getRepeatCol() {
    return $(repeatCol);
  }

  public String getDuplicatePolicy() {
    return $(duplicatePolicy);
  }

  public String[] getKeyCols() {
    return $(keyCols);
  }

  /** Columns this assigner reads (excluded from the default duplicate key). */
  protected List<String> readCols() {
    return List.of();
  }

  /**
   * Assigns folds keeping every duplicate set (rows with equal key in {@link GroupFolds#GROUP}) in
   * one fold; row-level assigners override this.
   */
  protected Dataset<Row> assignTogether(Dataset<Row> keyed) {
    throw new IllegalArgumentException(
        getClass().getSimpleName()
            + " does not support"
            + " duplicatePolicy 'together'; use 'report' or 'fail'.");
  }

  /** Checks the input columns this assigner reads (called by {@link #transformSchema}). */
  protected abstract void checkInput(StructType schema);

  /** Adds the fold column; {@link #transformSchema} has passed. */
  protected abstract Dataset<Row> assign(Dataset<Row> df);

  @Override
  public StructType transformSchema(StructType schema) {
    checkInput(schema);
    for (String c : getKeyCols()) {
      SchemaChecks.requireColumn(schema, c, "keyCols");
    }
    StructType out =
        SchemaChecks.appendColumn(schema, getFoldCol(), "foldCol", DataTypes.IntegerType, false);
    if (getNumRepeats() > 1) {
      out =
          SchemaChecks.appendColumn(out, getRepeatCol(), "repeatCol", DataTypes.IntegerType, false);
    }
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> df = dataset.toDF();
    int reps = getNumRepeats();
    if (reps == 1) {
      return transformOnce(df);
    }
    SeedSequence seeds = new SeedSequence(getSeed());
    Dataset<Row> out = null;
    for (int r = 0; r < reps; r++) {
      FoldTransformer one = (FoldTransformer) copy(ParamMap.empty());
      one.set(one.seed(), seeds.child(r));
      one.set(one.numRepeats(), 1);
      Dataset<Row> part = one.transformOnce(df).withColumn(getRepeatCol(), functions.lit(r));
      out = out == null ? part : out.unionByName(part);
    }
    return out;
  }

  private Dataset<Row> transformOnce(Dataset<Row> df) {
    String policy = getDuplicatePolicy();
    if (policy.equals("together")) {
      return assignTogether(df.withColumn(GroupFolds.GROUP, duplicateKey(df.schema())));
    }
    Dataset<Row> out = assign(df);
    if (policy.equals("report") || policy.equals("fail")) {
      List<Row> pairs = duplicateLeakage(out).collectAsList();
      if (!pairs.isEmpty()) {
        StringBuilder sb = new StringBuilder();
        long sets = 0;
        for (Row r : pairs) {
          sets += r.getLong(2);
          sb.append(
              String.format(
                  "%n  folds %d and %d: %d duplicate sets, %d rows",
                  r.getInt(0), r.getInt(1), r.getLong(2), r.getLong(3)));
        }
        String msg =
            String.format(
                "%d duplicate sets (rows equal on %s) span more than one"
                    + " fold; per pair of folds:%s%nSet duplicatePolicy to 'together' to keep each set in"
                    + " one fold.",
                sets, keyDescription(df.schema()), sb);
        if (policy.equals("fail")) {
          throw new IllegalArgumentException(msg);
        }
        LOG.warn("{}: {}", getClass().getSimpleName(), msg);
      }
    }
    return out;
  }

  /** The columns that define a duplicate for this input. */
  List<String> keyColumns(StructType schema) {
    if (getKeyCols().length > 0) {
      return java.util.Arrays.asList(getKeyCols());
    }
    List<String> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!readCols().contains(f.name())
          && !f.name().equals(getFoldCol())
          && RowKeys.hashable(f.dataType())) {
        out.add(f.name());
      }
    }
    return out;
  }

  private String keyDescription(StructType schema) {
    return String.join(", ", keyColumns(schema));
  }

  /** A 96-bit content key of the duplicate columns (two independent hashes). */
  Column duplicateKey(StructType schema) {
    Column[] cols = keyColumns(schema).stream().map(functions::col).toArray(Column[]::new);
    if (cols.length == 0) {
      return functions.struct(functions.lit(0L).as("h1"), functions.lit(0).as("h2"));
    }
    return functions.struct(functions.xxhash64(cols).as("h1"), functions.hash(cols).as("h2"));
  }

  /**
   * Duplicate sets (rows equal on keyCols) that span more than one fold of {@code folded}: {@code
   * foldA, foldB, duplicateSets, rows} per pair of folds (foldA < foldB), a distributed aggregate
   * whose result has at most numFolds^2 rows.
   */
  public Dataset<Row> duplicateLeakage(Dataset<Row> folded) {
    StructType in = folded.schema();
    String fc = getFoldCol();
    Dataset<Row> sets =
        folded
            .groupBy(duplicateKey(in).as("k"))
            .agg(
                functions.count(functions.lit(1)).as("n"),
                functions.collect_set(functions.col(fc)).as("fs"))
            .filter(functions.size(functions.col("fs")).gt(1));
    return sets.select(
            functions.col("n"), functions.explode(functions.col("fs")).as("a"), functions.col("fs"))
        .select(
            functions.col("n"), functions.col("a"), functions.explode(functions.col("fs")).as("b"))
        .filter(functions.col("a").lt(functions.col("b")))
        .groupBy(functions.col("a").as("foldA"), functions.col("b").as("foldB"))
        .agg(functions.count(functions.lit(1)).as("duplicateSets"), functions.sum("n").as("rows"))
        .orderBy("foldA", "foldB");
  }

  @Override
  public Dataset<Row> assignFolds(Dataset<?> df) {
    return transform(df);
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Column holding each row's occurrence key while folds are assigned (see {@link RowKeys}). */
  static final String ROW_KEY = "__cv_row_key";

  /**
   * {@code df} plus {@link #ROW_KEY}: a key per row from its content (every column whose type Spark
   * can hash, i.e. all but maps) and its occurrence number among identical rows, so that identical
   * rows are dealt as distinct rows and the result does not depend on partitioning.
   */
  static Dataset<Row> withRowKey(Dataset<Row> df) {
    return RowKeys.withRowKey(df, RowKeys.contentHash(df.schema()), ROW_KEY);
  }

  /**
   * A row's place in the seeded random order: a seeded hash of its {@link #ROW_KEY} (distinct for
   * every row, identical rows included).
   */
  static Column rowHash(long seed) {
    return RowKeys.seeded(functions.col(ROW_KEY), seed);
  }

  /** Shared checks on the per-stratum counts, before any row is assigned. */
  static void checkCounts(List<RankedFolds.Stratum> strata, int k, String what) {
    long n = strata.stream().mapToLong(RankedFolds.Stratum::count).sum();
    if (n == 0) {
      throw new IllegalArgumentException(
          "The dataset is empty: there are no rows to assign to folds.");
    }
    if (k > n) {
      throw new IllegalArgumentException(
          String.format(
              "numFolds=%d is greater than the number of %s: %d. Lower numFolds.", k, what, n));
    }
  }
}
