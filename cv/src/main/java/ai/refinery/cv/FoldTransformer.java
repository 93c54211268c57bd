package ai.refinery.cv;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.params.ParamSpecs;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
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

  private final String uid;
  private final IntParam numFolds;
  private final Param<String> foldCol;
  private final LongParam seed;

  protected FoldTransformer(String uid) {
    this.uid = uid;
    this.numFolds = ParamSpecs.numFolds(this);
    this.foldCol = ParamSpecs.foldCol(this);
    this.seed = ParamSpecs.seed(this);
    setDefault(numFolds, 5);
    setDefault(foldCol, "fold");
    setDefault(seed, (long) getClass().getName().hashCode());
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

  /** Checks the input columns this assigner reads (called by {@link #transformSchema}). */
  protected abstract void checkInput(StructType schema);

  /** Adds the fold column; {@link #transformSchema} has passed. */
  protected abstract Dataset<Row> assign(Dataset<Row> df);

  @Override
  public StructType transformSchema(StructType schema) {
    checkInput(schema);
    return SchemaChecks.appendColumn(schema, getFoldCol(), "foldCol", DataTypes.IntegerType,
        false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return assign(dataset.toDF());
  }

  @Override
  public Dataset<Row> assignFolds(Dataset<?> df) {
    return transform(df);
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /**
   * A seeded 64-bit hash of each row's content (every column whose type Spark can hash, i.e. all
   * but maps): the row's place in the seeded random order, independent of partitioning.
   */
  static Column rowHash(StructType schema, long seed) {
    List<Column> cols = new ArrayList<>();
    cols.add(functions.lit(seed));
    for (StructField f : schema.fields()) {
      if (hashable(f.dataType())) {
        cols.add(functions.col(f.name()));
      }
    }
    return functions.xxhash64(cols.toArray(new Column[0]));
  }

  private static boolean hashable(DataType t) {
    if (t instanceof MapType) {
      return false;
    }
    if (t instanceof ArrayType a) {
      return hashable(a.elementType());
    }
    if (t instanceof StructType s) {
      for (StructField f : s.fields()) {
        if (!hashable(f.dataType())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Shared checks on the per-stratum counts, before any row is assigned. */
  static void checkCounts(List<RankedFolds.Stratum> strata, int k, String what) {
    long n = strata.stream().mapToLong(RankedFolds.Stratum::count).sum();
    if (n == 0) {
      throw new IllegalArgumentException(
          "The dataset is empty: there are no rows to assign to folds.");
    }
    if (k > n) {
      throw new IllegalArgumentException(String.format(
          "numFolds=%d is greater than the number of %s: %d. Lower numFolds.", k, what, n));
    }
  }
}
