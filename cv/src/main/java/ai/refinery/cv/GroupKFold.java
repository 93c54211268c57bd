package ai.refinery.cv;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.internal.SparkBridge;
import java.util.List;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Group k-fold: rows with the same group value never cross folds; folds are balanced by row count,
 * largest groups first, each to the currently smallest fold (scikit-learn's GroupKFold). Groups of
 * equal size are dealt in a seeded random order when {@code shuffle} is true (the default), else in
 * a fixed order independent of the seed.
 *
 * <p>Scale: group sizes are one distributed aggregate (millions of groups are fine); only the
 * histogram of group sizes reaches the driver; the group -> fold table is joined back to the rows
 * (see {@link GroupFolds}). More folds than groups is an error.
 */
public class GroupKFold extends FoldTransformer implements GroupFoldParams<GroupKFold> {
  private final Declared g;

  public GroupKFold() {
    this(Uids.random("groupKFold"));
  }

  public GroupKFold(String uid) {
    super(uid);
    g = new Declared(this);
  }

  @Override
  public Declared groupParams() {
    return g;
  }

  @Override
  protected List<String> readCols() {
    return List.of(getGroupCol());
  }

  @Override
  protected void checkInput(StructType schema) {
    SchemaChecks.requireKey(schema, getGroupCol(), "groupCol");
  }

  /** Rows with the group key in {@link GroupFolds#GROUP}, invalid keys handled. */
  static Dataset<Row> withGroupKey(Dataset<Row> df, String groupCol, String policy) {
    Column key = StratifiedKFold.invalidAsNull(df.schema(), groupCol);
    Dataset<Row> out = df.withColumn(GroupFolds.GROUP, key);
    if (policy.equals("skip")) {
      return out.filter(functions.col(GroupFolds.GROUP).isNotNull());
    }
    if (policy.equals("error")) {
      long bad = out.filter(functions.col(GroupFolds.GROUP).isNull()).count();
      if (bad > 0) {
        throw StratifiedKFold.invalidError(groupCol, "groupCol", bad);
      }
    }
    return out;
  }

  /** {@code groupsWhat}: e.g. "groups in column 'g' (param groupCol)". */
  static void checkGroups(List<RankedFolds.Stratum> strata, int k, String groupsWhat) {
    if (strata.isEmpty()) {
      throw new IllegalArgumentException(
          "The dataset is empty: there are no rows to assign to folds.");
    }
    long groups = GroupFolds.numGroups(strata);
    if (k > groups) {
      throw new IllegalArgumentException(
          String.format(
              "numFolds=%d is greater than the number of %s: %d. Lower numFolds.",
              k, groupsWhat, groups));
    }
  }

  @Override
  protected Dataset<Row> assign(Dataset<Row> df) {
    return assignGroups(withGroupKey(df, getGroupCol(), getHandleInvalid()));
  }

  /**
   * Keeps every group and every duplicate set whole: groups linked by a duplicate set are merged
   * into one before folds are dealt.
   */
  @Override
  protected Dataset<Row> assignTogether(Dataset<Row> keyed) {
    Dataset<Row> rows = keyed.withColumnRenamed(GroupFolds.GROUP, GroupFolds.DUP);
    return assignGroups(
        GroupFolds.mergeDuplicateSets(withGroupKey(rows, getGroupCol(), getHandleInvalid())));
  }

  private Dataset<Row> assignGroups(Dataset<Row> keyed) {
    int k = getNumFolds();
    long hashSeed = getShuffle() ? getSeed() : 0L;
    return GroupFolds.assign(
        keyed,
        functions.count(functions.lit(1)),
        hashSeed,
        getFoldCol(),
        strata -> {
          checkGroups(strata, k, "groups in column '" + getGroupCol() + "' (param groupCol)");
          return GroupFolds.largestFirst(strata, k);
        });
  }

  public static MLReader<GroupKFold> read() {
    return SparkBridge.defaultReader();
  }

  public static GroupKFold load(String path) {
    return read().load(path);
  }
}
