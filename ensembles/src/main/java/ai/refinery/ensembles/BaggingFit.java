package ai.refinery.ensembles;

import ai.refinery.estimators.SeedSequence;
import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.estimators.run.FitIds;
import ai.refinery.estimators.run.ParallelRunner;
import ai.refinery.estimators.run.SparkJobs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the members of a bagging ensemble: draws all member seeds first, samples rows with seeded
 * per-row counts (weights when the base estimator has weightCol, replicated rows otherwise), slices
 * a per-member feature subset, and fits {@code parallelism} members at a time.
 */
final class BaggingFit {
  private static final Logger LOG = LoggerFactory.getLogger(BaggingFit.class);
  static final String KEY = "__bag_row_key";
  private static final String COUNT = "__bag_count";
  private static final String WEIGHT = "__bag_weight";
  private static final String FEATURES = "__bag_features";

  private BaggingFit() {}

  /** The rows a fit uses: features, label (with class metadata when classifying) and row key. */
  static Dataset<Row> prepare(
      Dataset<?> dataset, String featuresCol, String labelCol, int numClasses) {
    Column label = functions.col(labelCol).cast(DataTypes.DoubleType);
    if (numClasses > 0) {
      label =
          label.as(
              labelCol,
              NominalAttribute.defaultAttr()
                  .withName(labelCol)
                  .withNumValues(numClasses)
                  .toMetadata());
    } else {
      label = label.as(labelCol);
    }
    return Bootstrap.withRowKey(
        dataset.select(functions.col(featuresCol), label), featuresCol, labelCol, KEY);
  }

  static int numFeatures(Dataset<?> dataset, String featuresCol) {
    int n = AttributeGroup.fromStructField(dataset.schema().apply(featuresCol)).size();
    if (n >= 0) {
      return n;
    }
    Row first = dataset.select(featuresCol).head();
    return ((Vector) first.get(0)).size();
  }

  /** The out-of-bag score of a bagging model on its prepared training rows. */
  interface OutOfBagScore<M extends BaggingModel> {
    OobScore score(M model, Dataset<Row> data, String labelCol, String fitId);
  }

  /**
   * A whole bagging fit: the rows prepared and cached, the members fitted, the model made and, with
   * computeOob, its out-of-bag score; {@code numClasses} is -1 for a regressor.
   */
  static <M extends BaggingModel> M train(
      BaggingParams p,
      Dataset<?> dataset,
      String featuresCol,
      String labelCol,
      int numClasses,
      String source,
      java.util.function.Function<MemberSet, M> newModel,
      OutOfBagScore<M> outOfBag) {
    String fitId = FitIds.next("bag");
    Dataset<Row> data =
        prepare(dataset, featuresCol, labelCol, numClasses).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      M model = newModel.apply(fit(p, data, featuresCol, labelCol, source, fitId));
      if (p.getComputeOob()) {
        model.state().fitted().oob = outOfBag.score(model, data, labelCol, fitId);
      }
      return model;
    } finally {
      data.unpersist();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static MemberSet fit(
      BaggingParams p,
      Dataset<Row> data,
      String featuresCol,
      String labelCol,
      String source,
      String fitId) {
    Predictor<Vector, ?, ?> base = (Predictor<Vector, ?, ?>) p.getBaseEstimator();
    int numMembers = p.getNumMembers();
    double fraction = p.getSampleFraction();
    boolean replacement = p.getBootstrap();
    long[] seeds = new SeedSequence(p.getSeed()).children(numMembers);
    int numFeatures = p.getFeatureFraction() < 1.0 ? numFeatures(data, featuresCol) : -1;
    int[][] subsets = new int[numMembers][];
    for (int m = 0; m < numMembers; m++) {
      subsets[m] = Bootstrap.featureSubset(numFeatures, p.getFeatureFraction(), seeds[m]);
    }
    boolean weighted = replacement && base.hasParam("weightCol");
    LOG.info(
        "[{}] {}: {} members of {} (sampleFraction {}, bootstrap {}, featureFraction {},"
            + " {}), parallelism {}",
        fitId,
        source,
        numMembers,
        base.getClass().getSimpleName(),
        fraction,
        replacement,
        p.getFeatureFraction(),
        replacement ? (weighted ? "Poisson weights" : "replicated rows") : "sampled rows",
        p.getParallelism());

    UserDefinedFunction inBag =
        functions.udf(
            (UDF2<Long, Long, Integer>) (k, s) -> Bootstrap.count(k, s, fraction, replacement),
            DataTypes.IntegerType);
    Dataset<Row> cached = data;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger done = new AtomicInteger();
    List<Callable<PredictionModel<Vector, ?>>> tasks = new ArrayList<>();
    try {
      for (int m = 0; m < numMembers; m++) {
        int member = m;
        tasks.add(
            () -> {
              if (stop.get()) {
                return null;
              }
              long t0 = System.nanoTime();
              Dataset<Row> sample =
                  cached
                      .withColumn(
                          COUNT, inBag.apply(functions.col(KEY), functions.lit(seeds[member])))
                      .filter(functions.col(COUNT).gt(0));
              ParamMap extra = new ParamMap();
              extra.put((Param) base.getParam("labelCol"), labelCol);
              if (weighted) {
                sample = sample.withColumn(WEIGHT, functions.col(COUNT).cast(DataTypes.DoubleType));
                extra.put((Param) base.getParam("weightCol"), WEIGHT);
              } else if (replacement) {
                sample =
                    sample.withColumn(
                        COUNT,
                        functions.explode(
                            functions.sequence(functions.lit(1), functions.col(COUNT))));
              }
              String memberFeatures = featuresCol;
              if (subsets[member] != null) {
                int[] idx = subsets[member];
                UserDefinedFunction slice =
                    functions.udf(
                        (UDF1<Vector, Vector>) x -> MemberSet.slice(x, idx), new VectorUDT());
                sample = sample.withColumn(FEATURES, slice.apply(functions.col(featuresCol)));
                memberFeatures = FEATURES;
              }
              extra.put((Param) base.getParam("featuresCol"), memberFeatures);
              if (base.hasParam("seed")) {
                extra.put((Param) base.getParam("seed"), seeds[member]);
              }
              Predictor<Vector, ?, ?> est = (Predictor<Vector, ?, ?>) base.copy(extra);
              Dataset<Row> memberData = sample;
              PredictionModel<Vector, ?> model;
              try {
                model =
                    SparkJobs.describe(
                        cached.sparkSession().sparkContext(),
                        source + " member " + (member + 1) + "/" + numMembers,
                        () -> (PredictionModel<Vector, ?>) est.fit(memberData));
              } catch (Exception e) {
                throw new IllegalStateException(
                    String.format(
                        "%s member %d of %d (%s %s, seed %d) failed: %s",
                        source,
                        member + 1,
                        numMembers,
                        base.getClass().getSimpleName(),
                        base.uid(),
                        seeds[member],
                        e.getMessage()),
                    e);
              }
              double secs = (System.nanoTime() - t0) / 1e9;
              int k = done.incrementAndGet();
              LOG.info(
                  "[{}] member {} of {} fitted in {} s ({} done)",
                  fitId,
                  member + 1,
                  numMembers,
                  String.format("%.2f", secs),
                  k);
              Map<String, Double> metrics = new LinkedHashMap<>();
              metrics.put("fitSeconds", secs);
              metrics.put("membersDone", (double) k);
              Decision d =
                  TrainingListeners.emit(
                      TrainingEvent.step(
                          fitId, source, StepKind.MEMBER, member + 1, numMembers, metrics));
              if (d == Decision.STOP) {
                stop.set(true);
              }
              return model;
            });
      }
      List<PredictionModel<Vector, ?>> fitted = ParallelRunner.run(p.getParallelism(), tasks);
      List<PredictionModel<Vector, ?>> models = new ArrayList<>();
      for (PredictionModel<Vector, ?> m : fitted) {
        if (m == null) {
          break;
        }
        models.add(m);
      }
      int kept = models.size();
      String reason =
          kept == numMembers
              ? "all " + numMembers + " members fitted"
              : "stopped by a listener after " + kept + " of " + numMembers + " members";
      LOG.info("[{}] {}: {}", fitId, source, reason);
      TrainingListeners.emit(
          TrainingEvent.finished(
              fitId, source, StepKind.MEMBER, kept, numMembers, Map.of(), reason));
      long[] keptSeeds = java.util.Arrays.copyOf(seeds, kept);
      int[][] keptSubsets = java.util.Arrays.copyOf(subsets, kept);
      return new MemberSet(models, keptSeeds, keptSubsets);
    } finally {
      tasks.clear();
    }
  }

  /** Requires at least two distinct labels in the training data. */
  static void requireTwoClasses(Dataset<?> dataset, String labelCol, String source) {
    List<Row> classes = dataset.select(labelCol).distinct().limit(2).collectAsList();
    if (classes.size() < 2) {
      throw new IllegalArgumentException(
          String.format(
              "%s needs at least 2 classes in column '%s' (param labelCol) but the training data has"
                  + " only %s. Check the label column or the filter that produced this data.",
              source, labelCol, classes.isEmpty() ? "no rows" : "class " + classes.get(0).get(0)));
    }
  }
}
