package ai.refinery.cv;

import ai.refinery.estimators.Uids;
import ai.refinery.estimators.internal.SparkBridge;
import java.util.List;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Shuffled, seeded k-fold: every row gets a fold in {@code 0..numFolds-1}, fold sizes differ by at
 * most one. The shuffle is the order of a seeded hash of each row's content and its occurrence
 * number among identical rows ({@link ai.refinery.estimators.RowKeys}), so identical rows are dealt
 * as independently as distinct rows (as scikit-learn's shuffled KFold does) and the folds depend on
 * the data and the seed only, not on partitioning. Rows identical on every column may swap folds
 * with each other between runs, which leaves the output unchanged. To keep identical rows in one
 * fold instead, set {@code duplicatePolicy} to {@code together}.
 */
public class KFold extends FoldTransformer implements FoldSetters<KFold> {
  public KFold() {
    this(Uids.random("kFold"));
  }

  public KFold(String uid) {
    super(uid);
  }

  @Override
  protected void checkInput(StructType schema) {
    // reads no column
  }

  @Override
  protected Dataset<Row> assign(Dataset<Row> df) {
    int k = getNumFolds();
    Dataset<Row> items =
        withRowKey(df)
            .withColumn(RankedFolds.STRATUM, functions.lit(0))
            .withColumn(RankedFolds.HASH, rowHash(getSeed()));
    return RankedFolds.assign(
        items,
        8,
        getFoldCol(),
        1 << 8,
        (List<RankedFolds.Stratum> s) -> {
          checkCounts(s, k, "rows");
          return RankedFolds.balanced(s, k, getSeed());
        });
  }

  @Override
  protected Dataset<Row> assignTogether(Dataset<Row> keyed) {
    int k = getNumFolds();
    return GroupFolds.assign(
        keyed,
        functions.count(functions.lit(1)),
        getSeed(),
        getFoldCol(),
        strata -> {
          GroupKFold.checkGroups(strata, k, "distinct rows (duplicate sets)");
          return GroupFolds.largestFirst(strata, k);
        });
  }

  public static MLReader<KFold> read() {
    return SparkBridge.defaultReader();
  }

  public static KFold load(String path) {
    return read().load(path);
  }
}
