package ai.refinery.ensembles;

import ai.refinery.cv.FoldAssigner;
import ai.refinery.cv.FoldRunner;
import ai.refinery.cv.GroupKFold;
import ai.refinery.cv.KFold;
import ai.refinery.cv.StratifiedKFold;
import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.estimators.run.SparkJobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stacking engine: out-of-fold meta-features from the cv module's folds, the meta-estimator
 * fitted on them, base estimators refitted on all data; and the chain that turns rows into
 * meta-features with fitted base models (no joins: each base model's output column is turned into
 * an array column and its other outputs dropped before the next base model runs).
 */
final class StackingFit {
  private static final Logger LOG = LoggerFactory.getLogger(StackingFit.class);
  static final String FOLD = "__stack_fold";
  static final String META = "__stack_meta";
  private static final String PREFIX = "__stack_m";

  private StackingFit() {}

  /** What a fit produces. */
  record Result(List<Model<?>> bases, PredictionModel<Vector, ?> meta, int numClasses)
      implements java.io.Serializable {}

  /** Is {@code s} a stage stacking can use as a base estimator. */
  static boolean isBase(PipelineStage s) {
    return s instanceof Predictor
        || s instanceof RefineryXGBoostClassifier
        || s instanceof RefineryXGBoostRegressor;
  }

  /**
   * The name of the output column holding {@code method} (probability, rawPrediction, prediction).
   */
  static String outputCol(PipelineStage s, String method) {
    PipelineStage inner = s;
    if (s instanceof RefineryXGBoostClassifier c) {
      inner = c.getXgboost();
    } else if (s instanceof RefineryXGBoostRegressor r) {
      inner = r.getXgboost();
    } else if (s instanceof RefineryXGBoostModel m) {
      inner = (PipelineStage) m.xgboostModel();
    }
    String param = method + "Col";
    return inner.hasParam(param) ? (String) inner.getOrDefault(inner.getParam(param)) : null;
  }

  static void checkBases(PipelineStage[] bases, String method, String source) {
    if (bases.length == 0) {
      throw new IllegalArgumentException(
          source + ": param baseEstimators is empty; set at least" + " one base estimator.");
    }
    for (int b = 0; b < bases.length; b++) {
      if (outputCol(bases[b], method) == null) {
        throw new IllegalArgumentException(
            String.format(
                "%s: base estimator %d (%s %s) has no %sCol output for stackMethod '%s'. Use"
                    + " stackMethod 'prediction' or a classifier with that output.",
                source,
                b + 1,
                bases[b].getClass().getSimpleName(),
                bases[b].uid(),
                method,
                method));
      }
    }
  }

  static FoldAssigner folds(StackingParams p, boolean classification) {
    if (!p.getGroupCol().isEmpty()) {
      return new GroupKFold()
          .setGroupCol(p.getGroupCol())
          .setNumFolds(p.getNumFolds())
          .setSeed(p.getSeed())
          .setFoldCol(FOLD);
    }
    if (classification) {
      return new StratifiedKFold()
          .setLabelCol(p.getLabelCol())
          .setNumFolds(p.getNumFolds())
          .setSeed(p.getSeed())
          .setFoldCol(FOLD);
    }
    return new KFold().setNumFolds(p.getNumFolds()).setSeed(p.getSeed()).setFoldCol(FOLD);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Result fit(
      StackingParams p,
      Dataset<?> dataset,
      String method,
      boolean classification,
      String source,
      String fitId) {
    PipelineStage[] bases = p.getBaseEstimators();
    int k = p.getNumFolds();
    String label = p.getLabelCol();
    Dataset<Row> data =
        folds(p, classification).assignFolds(dataset).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      int numClasses = classification ? checkFolds(data, label, k, source) : -1;
      LOG.info(
          "[{}] {}: {} base estimators x {} folds ({}), meta {} on {}{}, parallelism {}",
          fitId,
          source,
          bases.length,
          k,
          p.getGroupCol().isEmpty()
              ? (classification ? "stratified" : "k-fold")
              : "grouped by " + p.getGroupCol(),
          p.getMetaEstimator().getClass().getSimpleName(),
          method,
          p.getPassthrough() ? " + passthrough features" : "",
          p.getParallelism());
      // every base on the training rows of every fold and, alongside, on all rows; fit b on fold f
      // is member b * (k + 1) + f + 1 of the progress events, its refit member (b + 1) * (k + 1)
      List<FoldRunner.Fit> fits = new ArrayList<>();
      int[] all = new int[bases.length];
      int total = bases.length * (k + 1);
      for (int b = 0; b < bases.length; b++) {
        all[b] = b;
        fits.add(
            new FoldRunner.Fit(
                (Estimator<?>) bases[b],
                ParamMap.empty(),
                "base " + (b + 1) + "/" + bases.length,
                String.format(
                    "%s base estimator %d of %d (%s %s)",
                    source,
                    b + 1,
                    bases.length,
                    bases[b].getClass().getSimpleName(),
                    bases[b].uid())));
      }
      FoldRunner.Result folds =
          FoldRunner.over(data, FOLD, k)
              .fits(fits)
              .refitOn(data, all)
              .parallelism(p.getParallelism())
              .runId(fitId)
              .describeJobs(source)
              .onFit(
                  (split, base, model) -> {
                    int fold = split < 0 ? k : split;
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("base", (double) (base + 1));
                    metrics.put("fold", fold == k ? -1.0 : fold + 1);
                    Decision d =
                        TrainingListeners.emit(
                            TrainingEvent.step(
                                fitId,
                                source,
                                StepKind.MEMBER,
                                base * (k + 1) + fold + 1,
                                total,
                                metrics));
                    if (d == Decision.STOP) {
                      LOG.info(
                          "[{}] a listener asked to stop; stacking needs every fit and goes on",
                          fitId);
                    }
                  })
              .run();
      List<Model<?>> finals = new ArrayList<>();
      for (int b = 0; b < bases.length; b++) {
        finals.add(folds.refit(b));
      }
      Dataset<Row> oof =
          folds.outOfFold(
              (split, part, foldModels) ->
                  metaFeatures(
                      part,
                      foldModels,
                      method,
                      numClasses,
                      p.getPassthrough(),
                      p.getFeaturesCol()));
      Predictor<Vector, ?, ?> metaEst = (Predictor<Vector, ?, ?>) p.getMetaEstimator();
      ParamMap extra = new ParamMap();
      extra.put((Param) metaEst.getParam("featuresCol"), META);
      extra.put((Param) metaEst.getParam("labelCol"), label);
      extra.put((Param) metaEst.getParam("predictionCol"), p.getPredictionCol());
      Predictor<Vector, ?, ?> meta = (Predictor<Vector, ?, ?>) metaEst.copy(extra);
      // checkpointed: the base models score each row once, and the meta-estimator's jobs do not
      // carry the k x bases fold models in their task binaries (a cache alone keeps that lineage,
      // and every pass of an iterative meta-estimator would ship and deserialize all of them)
      Dataset<Row> metaSource = oof.select(functions.col(META), functions.col(label));
      RDD<Row> metaRows = metaSource.rdd();
      Dataset<Row> metaData;
      try {
        metaData =
            SparkJobs.describe(
                data.sparkSession().sparkContext(),
                source + " out-of-fold meta-features",
                () -> checkpoint(metaSource, metaRows));
      } catch (Exception e) {
        throw new IllegalStateException(
            String.format(
                "%s: scoring the held-out rows with the"
                    + " fold models of the %d base estimators failed: %s",
                source, bases.length, e.getMessage()),
            e);
      }
      PredictionModel<Vector, ?> metaModel;
      try {
        metaModel =
            SparkJobs.describe(
                data.sparkSession().sparkContext(),
                source + " meta-estimator",
                () -> (PredictionModel<Vector, ?>) meta.fit(metaData));
      } catch (Exception e) {
        throw new IllegalArgumentException(
            String.format(
                "%s: the meta-estimator %s (%s) cannot be fitted on the meta-features (%s of %d base"
                    + " estimators%s): %s",
                source,
                metaEst.getClass().getSimpleName(),
                metaEst.uid(),
                method,
                bases.length,
                p.getPassthrough() ? " + the original features" : "",
                e.getMessage()),
            e);
      } finally {
        metaRows.unpersist(false);
      }
      String reason = "fitted " + total + " base models and the meta-estimator";
      LOG.info("[{}] {}: {}", fitId, source, reason);
      TrainingListeners.emit(
          TrainingEvent.finished(fitId, source, StepKind.MEMBER, total, total, Map.of(), reason));
      return new Result(finals, metaModel, numClasses);
    } finally {
      data.unpersist();
    }
  }

  /**
   * Materialises {@code rows} (the rows of {@code df}) and cuts their lineage: a reliable
   * checkpoint when the SparkContext has a checkpoint directory, otherwise a local one on the
   * executors. The caller unpersists {@code rows} when done.
   */
  static Dataset<Row> checkpoint(Dataset<Row> df, RDD<Row> rows) {
    rows.persist(StorageLevel.MEMORY_AND_DISK());
    if (rows.context().getCheckpointDir().isDefined()) {
      rows.checkpoint();
    } else {
      rows.localCheckpoint();
    }
    rows.count();
    return df.sparkSession().createDataFrame(rows, df.schema());
  }

  /** Checks that the training rows of every fold hold at least two classes; returns K. */
  static int checkFolds(Dataset<Row> data, String label, int k, String source) {
    List<Row> counts =
        data.groupBy(functions.col(FOLD), functions.col(label)).count().collectAsList();
    Map<Integer, Set<Double>> byFold = new HashMap<>();
    double max = 0;
    for (Row r : counts) {
      double y = ((Number) r.get(1)).doubleValue();
      byFold.computeIfAbsent(r.getInt(0), x -> new TreeSet<>()).add(y);
      max = Math.max(max, y);
    }
    for (int f = 0; f < k; f++) {
      Set<Double> train = new TreeSet<>();
      for (Map.Entry<Integer, Set<Double>> e : byFold.entrySet()) {
        if (e.getKey() != f) {
          train.addAll(e.getValue());
        }
      }
      if (train.size() < 2) {
        throw new IllegalArgumentException(
            String.format(
                "%s: the training rows of fold %d of %d (all rows not in that fold) hold a single"
                    + " class %s in column '%s'; a base estimator cannot learn from it. Use fewer"
                    + " folds, more data, or check the label.",
                source, f + 1, k, train, label));
      }
    }
    return (int) max + 1;
  }

  /** Adds META (the meta-feature vector) to {@code df} using one fitted model per base. */
  static Dataset<Row> metaFeatures(
      Dataset<Row> df,
      List<Model<?>> models,
      String method,
      int numClasses,
      boolean passthrough,
      String featuresCol) {
    Dataset<Row> cur = df;
    List<Column> arrays = new ArrayList<>();
    for (int b = 0; b < models.size(); b++) {
      Model<?> m = models.get(b);
      Set<String> before = new TreeSet<>(Arrays.asList(cur.columns()));
      String col = outputCol(m, method);
      Dataset<Row> out = m.transform(cur);
      StructType schema = out.schema();
      DataType type = schema.apply(col).dataType();
      boolean dropFirst = numClasses == 2 && !method.equals("prediction");
      Column asArray;
      if (type instanceof VectorUDT) {
        UserDefinedFunction toArray =
            functions.udf(
                (UDF1<Vector, double[]>)
                    v -> {
                      double[] a = v.toArray();
                      return dropFirst && a.length == 2 ? new double[] {a[1]} : a;
                    },
                DataTypes.createArrayType(DataTypes.DoubleType));
        asArray = toArray.apply(functions.col(col));
      } else {
        asArray = functions.array(functions.col(col).cast(DataTypes.DoubleType));
      }
      String name = PREFIX + b;
      out = out.withColumn(name, asArray);
      List<String> added = new ArrayList<>();
      for (String c : out.columns()) {
        if (!before.contains(c) && !c.equals(name)) {
          added.add(c);
        }
      }
      cur = out.drop(added.toArray(new String[0]));
      arrays.add(functions.col(name));
    }
    if (passthrough) {
      arrays.add(
          org.apache.spark.ml.functions.vector_to_array(functions.col(featuresCol), "float64"));
    }
    Column meta =
        org.apache.spark.ml.functions.array_to_vector(
            functions.concat(arrays.toArray(new Column[0])));
    cur = cur.withColumn(META, meta);
    for (int b = 0; b < models.size(); b++) {
      cur = cur.drop(PREFIX + b);
    }
    return cur;
  }
}
