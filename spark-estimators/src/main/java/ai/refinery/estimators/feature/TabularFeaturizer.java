package ai.refinery.estimators.feature;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.internal.SparkBridge;
import ai.refinery.estimators.run.FitIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns numeric and categorical (string, boolean) columns of a table into one features vector.
 *
 * <p>Numeric columns: a missing value (null or NaN) is filled with the column's median (or mean)
 * learned at fit time, and, when the column had missing values, a {@code <col>_missing} 0/1 feature
 * records it. Categorical columns: one-hot over the {@code maxCategories} most frequent levels; a
 * missing value at fit time is a level of its own ({@code (missing)}); levels unseen at fit time
 * encode as all zeros, so transform never fails on new categories. Feature names are written in the
 * output column's ML attribute metadata ({@code col}, {@code col_missing}, {@code col=level}).
 *
 * <p>Fitting is two small aggregations (numeric statistics; per-level counts, top levels only),
 * never a collect of the data. The transform uses built-in SQL expressions and one vector assembly
 * at the end, so GPU-accelerated SQL can run everything but the last step.
 */
public class TabularFeaturizer extends Estimator<TabularFeaturizerModel>
    implements FeaturizerParams, DefaultParamsWritable {
  private static final Logger LOG = LoggerFactory.getLogger(TabularFeaturizer.class);
  private final String uid;
  private final FeaturizerParamSet p;

  public TabularFeaturizer() {
    this(Uids.random("tabFeat"));
  }

  public TabularFeaturizer(String uid) {
    this.uid = uid;
    this.p = new FeaturizerParamSet(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public FeaturizerParamSet featurizerParamSet() {
    return p;
  }

  public TabularFeaturizer setInputCols(String... cols) {
    set(p.inputCols, cols);
    return this;
  }

  public TabularFeaturizer setOutputCol(String col) {
    set(p.outputCol, col);
    return this;
  }

  public TabularFeaturizer setCategoricalCols(String... cols) {
    set(p.categoricalCols, cols);
    return this;
  }

  public TabularFeaturizer setExcludeCols(String... cols) {
    set(p.excludeCols, cols);
    return this;
  }

  public TabularFeaturizer setImputeStrategy(String s) {
    set(p.imputeStrategy, s);
    return this;
  }

  public TabularFeaturizer setMaxCategories(int n) {
    set(p.maxCategories, n);
    return this;
  }

  public TabularFeaturizer setAddMissingIndicators(boolean b) {
    set(p.addMissingIndicators, b);
    return this;
  }

  /** Input columns split into numeric and categorical, checked against the schema. */
  record Roles(List<String> numeric, List<String> categorical) {}

  Roles roles(StructType schema) {
    List<String> inputs = new ArrayList<>(Arrays.asList(getInputCols()));
    if (inputs.isEmpty()) {
      Set<String> excluded = new HashSet<>(Arrays.asList(getExcludeCols()));
      for (String f : schema.fieldNames()) {
        if (!excluded.contains(f)) {
          inputs.add(f);
        }
      }
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(
          "No feature columns: inputCols is empty and excludeCols ("
              + String.join(", ", getExcludeCols())
              + ") removes every column. Columns: "
              + SchemaChecks.columns(schema));
    }
    boolean explicitCats = isSet(p.categoricalCols);
    Set<String> cats =
        new HashSet<>(explicitCats ? Arrays.asList(getCategoricalCols()) : List.of());
    for (String c : cats) {
      if (!inputs.contains(c)) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param categoricalCols) is not among the input columns: %s",
                c, String.join(", ", inputs)));
      }
    }
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    for (String c : inputs) {
      DataType t = SchemaChecks.requireColumn(schema, c, "inputCols").dataType();
      boolean isCatType = t instanceof StringType || t instanceof BooleanType;
      if (!(t instanceof NumericType) && !isCatType) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param inputCols) has type %s; TabularFeaturizer takes numeric, string or"
                    + " boolean columns. Drop it, add it to excludeCols, or convert it.",
                c, t.catalogString()));
      }
      if (cats.contains(c) || (!explicitCats && isCatType)) {
        categorical.add(c);
      } else if (isCatType) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param inputCols) is %s but not listed in categoricalCols (%s). Add it"
                    + " there, or cast it to a number.",
                c, t.catalogString(), String.join(", ", getCategoricalCols())));
      } else {
        numeric.add(c);
      }
    }
    return new Roles(numeric, categorical);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    roles(schema);
    return SchemaChecks.appendColumn(
        schema, getOutputCol(), "outputCol", new org.apache.spark.ml.linalg.VectorUDT(), false);
  }

  @Override
  public TabularFeaturizerModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String runId = FitIds.next("feat");
    Roles roles = roles(dataset.schema());
    Dataset<Row> df = dataset.toDF();
    List<FeatureBlock> blocks = new ArrayList<>();
    blocks.addAll(numericBlocks(df, roles.numeric()));
    blocks.addAll(categoricalBlocks(df, roles.categorical()));
    // keep the user's column order in the vector
    List<String> order = Arrays.asList(df.schema().fieldNames());
    blocks.sort((a, b) -> Integer.compare(order.indexOf(a.column()), order.indexOf(b.column())));
    TabularFeaturizerModel model = new TabularFeaturizerModel(uid, blocks);
    LOG.info(
        "[{}] {} numeric + {} categorical columns -> {} features",
        runId,
        roles.numeric().size(),
        roles.categorical().size(),
        model.numFeatures());
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  private List<FeatureBlock> numericBlocks(Dataset<Row> df, List<String> numeric) {
    List<FeatureBlock> out = new ArrayList<>();
    if (numeric.isEmpty()) {
      return out;
    }
    List<Column> aggs = new ArrayList<>();
    for (String c : numeric) {
      Column v = functions.col(c).cast("double");
      Column missing = v.isNull().or(functions.isnan(v));
      aggs.add(functions.avg(functions.when(missing.unary_$bang(), v)));
      aggs.add(functions.sum(functions.when(missing, 1L).otherwise(0L)));
    }
    Row stats = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    double[] medians = null;
    if (getImputeStrategy().equals("median")) {
      medians = new double[numeric.size()];
      // approxQuantile ignores nulls and NaN; relative error 1e-4 is exact on small tables
      double[][] q =
          df.select(
                  numeric.stream()
                      .map(c -> functions.col(c).cast("double").as(c))
                      .toArray(Column[]::new))
              .stat()
              .approxQuantile(numeric.toArray(new String[0]), new double[] {0.5}, 1e-4);
      for (int i = 0; i < q.length; i++) {
        medians[i] = q[i].length == 0 ? Double.NaN : q[i][0];
      }
    }
    for (int i = 0; i < numeric.size(); i++) {
      Double mean = stats.isNullAt(2 * i) ? null : stats.getDouble(2 * i);
      long missing = stats.isNullAt(2 * i + 1) ? 0 : stats.getLong(2 * i + 1);
      double fill = medians != null ? medians[i] : (mean == null ? Double.NaN : mean);
      if (Double.isNaN(fill)) {
        fill = 0.0; // the column is all missing: its indicator carries all the information
      }
      out.add(FeatureBlock.numeric(numeric.get(i), fill, missing > 0 && getAddMissingIndicators()));
    }
    return out;
  }

  private List<FeatureBlock> categoricalBlocks(Dataset<Row> df, List<String> categorical) {
    List<FeatureBlock> out = new ArrayList<>();
    if (categorical.isEmpty()) {
      return out;
    }
    Column[] pairs = new Column[categorical.size()];
    for (int i = 0; i < pairs.length; i++) {
      Column v =
          functions.coalesce(
              functions.col(categorical.get(i)).cast("string"),
              functions.lit(FeatureBlock.MISSING_LEVEL));
      pairs[i] = functions.struct(functions.lit(i).as("c"), v.as("v"));
    }
    Dataset<Row> counts =
        df.select(functions.explode(functions.array(pairs)).as("p"))
            .groupBy(functions.col("p.c").as("c"), functions.col("p.v").as("v"))
            .count();
    // only the top levels of each column reach the driver, however many distinct values exist
    org.apache.spark.sql.expressions.WindowSpec w =
        org.apache.spark.sql.expressions.Window.partitionBy("c")
            .orderBy(functions.col("count").desc(), functions.col("v").asc());
    org.apache.spark.sql.expressions.WindowSpec all =
        org.apache.spark.sql.expressions.Window.partitionBy("c");
    List<Row> top =
        counts
            .withColumn("rank", functions.row_number().over(w))
            .withColumn("numLevels", functions.count(functions.lit(1)).over(all))
            .filter(functions.col("rank").leq(getMaxCategories()))
            .orderBy("c", "rank")
            .collectAsList();
    Map<Integer, List<String>> levels = new LinkedHashMap<>();
    Map<Integer, Long> numLevels = new LinkedHashMap<>();
    for (Row r : top) {
      levels.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r.getString(1));
      numLevels.put(r.getInt(0), r.getLong(r.fieldIndex("numLevels")));
    }
    for (Map.Entry<Integer, Long> e : numLevels.entrySet()) {
      if (e.getValue() > getMaxCategories()) {
        warnCut(categorical.get(e.getKey()), e.getValue(), getMaxCategories());
      }
    }
    for (int i = 0; i < categorical.size(); i++) {
      out.add(FeatureBlock.categorical(categorical.get(i), levels.getOrDefault(i, List.of())));
    }
    return out;
  }

  /** Columns already warned about (a featurizer is refit per fold and trial: warn once). */
  private static final java.util.Set<String> WARNED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static void warnCut(String column, long levels, int kept) {
    if (WARNED.size() < 10_000 && WARNED.add(column + "/" + levels + "/" + kept)) {
      LOG.warn(
          "Categorical column '{}' has {} levels; only the {} most frequent become features"
              + " (the other {} encode as all zeros). Raise param maxCategories (job spec:"
              + " featurizer.maxCategories) to keep more, or exclude the column.",
          column,
          levels,
          kept,
          levels - kept);
    }
  }

  @Override
  public TabularFeaturizer copy(ParamMap extra) {
    return (TabularFeaturizer) defaultCopy(extra);
  }

  public static MLReader<TabularFeaturizer> read() {
    return SparkBridge.defaultReader();
  }

  public static TabularFeaturizer load(String path) {
    return read().load(path);
  }
}
