package ai.refinery.cv;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.params.HasLabelCol;
import ai.refinery.estimators.params.ParamSpecs;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stratified group k-fold: groups are kept whole while each fold's class proportions stay as close
 * as possible to the global ones (scikit-learn's StratifiedGroupKFold greedy: groups with the most
 * uneven class counts first, each to the fold that minimises the mean over classes of the spread of
 * per-fold class shares; on near-ties the fold with fewer rows). Groups with the same class counts
 * are interchangeable and are dealt in a seeded random order ({@code shuffle}).
 *
 * <p>Scale: per-group class counts are a distributed aggregate; only the histogram of distinct
 * class-count signatures reaches the driver (see {@link GroupFolds}).
 */
public class StratifiedGroupKFold extends FoldTransformer
    implements GroupFoldParams<StratifiedGroupKFold>, HasLabelCol {
  private static final Logger LOG = LoggerFactory.getLogger(StratifiedGroupKFold.class);
  private final Param<String> labelCol;
  private final Declared g;

  public StratifiedGroupKFold() {
    this(Uids.random("stratGroupKFold"));
  }

  public StratifiedGroupKFold(String uid) {
    super(uid);
    g = new Declared(this);
    labelCol = ParamSpecs.labelCol(this);
    setDefault(labelCol, "label");
  }

  @Override
  public Declared groupParams() {
    return g;
  }

  @Override
  public Param<String> labelCol() {
    return labelCol;
  }

  public StratifiedGroupKFold setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  @Override
  protected List<String> readCols() {
    return List.of(getGroupCol(), getLabelCol());
  }

  @Override
  protected void checkInput(StructType schema) {
    SchemaChecks.requireKey(schema, getGroupCol(), "groupCol");
    SchemaChecks.requireKey(schema, getLabelCol(), "labelCol");
  }

  @Override
  protected Dataset<Row> assign(Dataset<Row> df) {
    return assignGroups(df, false);
  }

  /**
   * Keeps every group and every duplicate set whole: groups linked by a duplicate set are merged
   * into one before folds are dealt (class proportions are then balanced over the merged groups).
   */
  @Override
  protected Dataset<Row> assignTogether(Dataset<Row> keyed) {
    return assignGroups(keyed.withColumnRenamed(GroupFolds.GROUP, GroupFolds.DUP), true);
  }

  private Dataset<Row> assignGroups(Dataset<Row> df, boolean mergeDuplicateSets) {
    String policy = getHandleInvalid();
    Column labelKey = StratifiedKFold.invalidAsNull(df.schema(), getLabelCol());
    Dataset<Row> rows = policy.equals("skip") ? df.filter(labelKey.isNotNull()) : df;
    Dataset<Row> keyed = GroupKFold.withGroupKey(rows, getGroupCol(), policy);
    if (mergeDuplicateSets) {
      keyed = GroupFolds.mergeDuplicateSets(keyed);
    }
    long hashSeed = getShuffle() ? getSeed() : 0L;
    return assignKeyed(
        keyed,
        labelKey,
        getLabelCol(),
        policy,
        getNumFolds(),
        hashSeed,
        getFoldCol(),
        "groups in column '" + getGroupCol() + "' (param groupCol)");
  }

  /**
   * The stratified-group assignment of rows whose group key is in {@link GroupFolds#GROUP}; {@code
   * groupsWhat} names the groups in messages.
   */
  static Dataset<Row> assignKeyed(
      Dataset<Row> keyed,
      Column labelKey,
      String label,
      String policy,
      int k,
      long hashSeed,
      String foldCol,
      String groupsWhat) {
    // classes: a small aggregate
    List<Row> classRows =
        keyed.groupBy(labelKey.as("c")).count().orderBy("c").limit(MAX_CLASSES + 1).collectAsList();
    if (classRows.size() > MAX_CLASSES) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param labelCol) has more than %d distinct values; stratification"
                  + " needs classes.",
              label, MAX_CLASSES));
    }
    List<Column> perClass = new ArrayList<>();
    long minClass = Long.MAX_VALUE;
    for (Row r : classRows) {
      if (r.isNullAt(0) && policy.equals("error")) {
        throw StratifiedKFold.invalidError(label, "labelCol", r.getLong(1));
      }
      minClass = Math.min(minClass, r.getLong(1));
      Column is = labelKey.eqNullSafe(functions.lit(r.get(0)));
      perClass.add(functions.sum(functions.when(is, 1L).otherwise(0L)));
    }
    if (perClass.isEmpty()) {
      throw new IllegalArgumentException(
          "The dataset is empty: there are no rows to assign to folds.");
    }
    if (k > minClass) {
      LOG.warn(
          "The least populated class of column '{}' has only {} members, fewer than"
              + " numFolds={}: some folds will not contain it.",
          label,
          minClass,
          k);
    }
    return GroupFolds.assign(
        keyed,
        functions.array(perClass.toArray(new Column[0])),
        hashSeed,
        foldCol,
        strata -> {
          GroupKFold.checkGroups(strata, k, groupsWhat);
          return GroupFolds.stratifiedGreedy(strata, k);
        });
  }

  public static MLReader<StratifiedGroupKFold> read() {
    return SparkBridge.defaultReader();
  }

  public static StratifiedGroupKFold load(String path) {
    return read().load(path);
  }
}
