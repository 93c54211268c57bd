package ai.refinery.cv;

import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.params.ParamSpecs;
import ai.refinery.estimators.run.ExecutionMode;
import ai.refinery.estimators.run.FitIds;
import ai.refinery.estimators.run.SparkJobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k-fold cross-validation of an estimator over param maps, with folds from any {@link FoldAssigner}
 * (stratified, grouped, ...) or an existing fold column.
 *
 * <p>Work: every (fold, param map) pair is one fit + evaluation, run by {@link FoldRunner} {@code
 * parallelism} at a time (Spark's meaning: how many models are fitted at once from the driver),
 * fold-major, so unlike Spark's CrossValidator a single param map still runs its folds in parallel
 * (and its refit on all data alongside them, since it is the best map from the start). Caching
 * ({@link #foldCaching()}): by default the fold-assigned input is cached once (the caller's own
 * cache is used as is) and each fit gets a filtered view of it, so an iterative Spark ML estimator
 * caches its own working form once per fit instead of decoding a cached DataFrame on every
 * iteration; with {@code splits}, each fold's training and validation sets are also cached once,
 * shared by all param maps, and unpersisted as soon as that fold's metrics are in. Results do not
 * depend on the parallelism or the caching.
 *
 * <p>Output: a {@link FoldCrossValidatorModel} with the best param map refit on all data, the
 * metric of every (param map, fold) as a DataFrame with mean and std per param map, and the
 * out-of-fold predictions of the best param map (row id, fold, prediction columns) that stacking
 * needs.
 *
 * <p>Progress: one {@link StepKind#FOLD} event per completed fold, in fold order, through {@link
 * TrainingListeners} (a STOP skips the folds not yet started; the model then uses the folds up to
 * the STOP), and Spark job descriptions like "cv fold 3/5, params 2/8".
 *
 * <p>Where fits run ({@link #executionMode()}): {@code auto} (default) fits each fold's training
 * rows in one Spark task with a single-machine engine when the estimator has one ({@link
 * ai.refinery.estimators.run.LocalFittable}, e.g. Refinery's XGBoost wrappers) and rows x features
 * is at most {@code localRowsTimesFeatures}, else runs the estimator's own distributed fit; {@code
 * local} and {@code distributed} force the choice (Spark ML's estimators always fit distributed).
 * The refit on all rows follows the same choice. The choice and its reason are logged once per run.
 */
public class FoldCrossValidator extends Estimator<FoldCrossValidatorModel>
    implements FoldCrossValidatorParams, MLWritable {
  private static final Logger LOG = LoggerFactory.getLogger(FoldCrossValidator.class);
  private final String uid;
  private final CrossValidatorParamSet p;

  public FoldCrossValidator() {
    this(Uids.random("foldCv"));
  }

  public FoldCrossValidator(String uid) {
    this.uid = uid;
    this.p = new CrossValidatorParamSet(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public CrossValidatorParamSet cvParams() {
    return p;
  }

  /**
   * {@code auto} (default), {@code local} or {@code distributed}: where each fold's fit runs; see
   * {@link ExecutionMode}.
   */
  public FoldCrossValidator setExecutionMode(String value) {
    set(p.executionMode, value);
    return this;
  }

  /** The rows x features budget under which {@code auto} fits in one task. */
  public FoldCrossValidator setLocalRowsTimesFeatures(long value) {
    set(p.localRowsTimesFeatures, value);
    return this;
  }

  public FoldCrossValidator setEstimator(Estimator<?> value) {
    set(estimator(), value);
    return this;
  }

  public FoldCrossValidator setEvaluator(Evaluator value) {
    set(evaluator(), value);
    return this;
  }

  public FoldCrossValidator setEstimatorParamMaps(ParamMap[] value) {
    set(estimatorParamMaps(), value);
    return this;
  }

  public FoldCrossValidator setFoldAssigner(FoldAssigner value) {
    set(foldAssigner(), value);
    return this;
  }

  public FoldCrossValidator setFoldCol(String value) {
    set(foldCol(), value);
    return this;
  }

  public FoldCrossValidator setNumFolds(int value) {
    set(numFolds(), value);
    return this;
  }

  public FoldCrossValidator setSeed(long value) {
    set(seed(), value);
    return this;
  }

  public FoldCrossValidator setParallelism(int value) {
    set(parallelism(), value);
    return this;
  }

  public FoldCrossValidator setRowIdCol(String value) {
    set(rowIdCol(), value);
    return this;
  }

  /** {@code source} (default) or {@code splits}; see {@link #foldCaching()}. */
  public FoldCrossValidator setFoldCaching(String value) {
    set(foldCaching(), value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(p.estimator)) {
      throw new IllegalArgumentException("Param estimator is not set; call setEstimator(...)");
    }
    if (!isDefined(p.evaluator)) {
      throw new IllegalArgumentException("Param evaluator is not set; call setEvaluator(...)");
    }
    ParamMap[] maps = getEstimatorParamMaps();
    if (maps.length == 0) {
      throw new IllegalArgumentException(
          "Param estimatorParamMaps is empty; give at least one (possibly empty) ParamMap");
    }
    FoldAssigner fa = getFoldAssigner();
    if (fa != null) {
      fa.transformSchema(schema);
    } else if (Arrays.asList(schema.fieldNames()).contains(getFoldCol())) {
      SchemaChecks.requireIntegral(schema, getFoldCol(), "foldCol");
    }
    if (!getRowIdCol().isEmpty()) {
      SchemaChecks.requireColumn(schema, getRowIdCol(), "rowIdCol");
    }
    StructType out = null;
    for (ParamMap m : maps) {
      out = getEstimator().copy(m).transformSchema(schema);
    }
    return out;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public FoldCrossValidatorModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String runId = FitIds.next("cv");
    Dataset<Row> df = dataset.toDF();
    Estimator est = getEstimator();
    Evaluator eval = getEvaluator();
    ParamMap[] maps = getEstimatorParamMaps();
    SparkContext sc = df.sparkSession().sparkContext();

    // 1. folds: an assigner's output is cached once (it is a shuffle); an existing column is
    // checked
    FoldAssigner fa = getFoldAssigner();
    boolean hasFoldCol = Arrays.asList(df.schema().fieldNames()).contains(getFoldCol());
    if (fa == null && !hasFoldCol) {
      fa = new KFold().setNumFolds(getNumFolds()).setSeed(getSeed()).setFoldCol(getFoldCol());
    }
    final String foldCol = fa != null ? fa.getFoldCol() : getFoldCol();
    final int k = fa != null ? fa.getNumFolds() : getNumFolds();
    // repeated folds: every (repeat, fold) pair is one split, numbered repeat * k + fold
    final String repeatCol =
        fa instanceof FoldTransformer ft && ft.getNumRepeats() > 1 ? ft.getRepeatCol() : null;
    final int reps = repeatCol == null ? 1 : ((FoldTransformer) fa).getNumRepeats();
    final int splits = reps * k;
    Dataset<Row> folded;
    boolean ownCache = false;
    if (fa != null) {
      FoldAssigner assigner = fa;
      folded =
          SparkJobs.describe(
              sc,
              "cv assign folds",
              () -> assigner.assignFolds(df).persist(StorageLevel.MEMORY_AND_DISK()));
      ownCache = true;
    } else {
      folded = df;
      SparkJobs.describe(
          sc,
          "cv check fold column",
          () -> {
            checkFoldColumn(df, foldCol, k);
            return null;
          });
    }
    final boolean cacheSplits =
        FoldCaching.SPLITS == ParamSpecs.enumValue(FoldCaching.class, getFoldCaching());
    if (!cacheSplits && folded.storageLevel().equals(StorageLevel.NONE())) {
      // the source is read by every fit: cache it once (the caller's cache is used as is)
      folded = folded.persist(StorageLevel.MEMORY_AND_DISK());
      ownCache = true;
    }
    LOG.info(
        "[{}] {} repeats x {} folds x {} param maps, parallelism {}, estimator {},"
            + " evaluator {}",
        runId,
        reps,
        k,
        maps.length,
        getParallelism(),
        est.getClass().getSimpleName(),
        eval.getClass().getSimpleName());

    // 2. fits: (fold, param map) pairs, fold-major, through the fold runner; with a single param
    // map the refit on all data does not wait for the folds (the best map is known from the start)
    List<FoldRunner.Fit> fits = new ArrayList<>();
    for (int m = 0; m < maps.length; m++) {
      fits.add(new FoldRunner.Fit(est, maps[m], String.format("params %d/%d", m + 1, maps.length)));
    }
    final Dataset<Row> all = cacheSplits ? df : FoldRunner.view(folded);
    String metricName = metricName(eval);
    double[][] seen = new double[maps.length][splits];
    boolean[] seenComplete = new boolean[splits];
    FoldRunner runner =
        FoldRunner.over(folded, foldCol, k)
            .repeats(repeatCol, reps)
            .fits(fits)
            .evaluator(eval)
            .parallelism(getParallelism())
            .cacheSplits(cacheSplits)
            .execution(executionModeValue(), getLocalRowsTimesFeatures())
            .runId(runId)
            .describeJobs("cv")
            .onFold(
                fold -> {
                  for (int m = 0; m < maps.length; m++) {
                    seen[m][fold.split()] = fold.metric(m);
                  }
                  seenComplete[fold.split()] = true;
                  double[] avg = FoldCrossValidatorModel.mean(seen, seenComplete);
                  int best = FoldCrossValidatorModel.best(avg, eval.isLargerBetter());
                  Map<String, Double> m = new LinkedHashMap<>();
                  m.put("fold", (double) fold.split());
                  m.put(metricName, avg[best]);
                  m.put("bestParamIndex", (double) best);
                  LOG.info(
                      "[{}] fold {} of {} done (fold {}): best so far params {}/{} mean {} = {}",
                      runId,
                      fold.done(),
                      splits,
                      fold.split(),
                      best + 1,
                      maps.length,
                      metricName,
                      avg[best]);
                  return TrainingListeners.emit(
                      TrainingEvent.step(
                          runId, "FoldCrossValidator", StepKind.FOLD, fold.done(), splits, m));
                });
    if (maps.length == 1) {
      runner.refitOn(all, 0);
    }
    FoldRunner.Result result = runner.run();
    double[][] metrics = result.metrics();
    boolean[] complete = result.complete();
    int numComplete = result.numComplete();
    if (numComplete == 0) {
      if (ownCache) {
        folded.unpersist();
      }
      throw new IllegalStateException(
          "[" + runId + "] cross-validation was stopped before any" + " fold completed");
    }
    double[] avg = FoldCrossValidatorModel.mean(metrics, complete);
    int best = FoldCrossValidatorModel.best(avg, eval.isLargerBetter());

    // 3. refit the best param map on all data; out-of-fold predictions of the best map
    Model<?> bestModel =
        result.refit(best) != null
            ? result.refit(best)
            : SparkJobs.describe(
                sc,
                String.format("cv refit params %d/%d on all data", best + 1, maps.length),
                () -> runner.fit(best, all));
    Dataset<Row> oof = outOfFold(folded, foldCol, repeatCol, result.outOfFold(best));
    String reason =
        numComplete == splits
            ? "all folds done"
            : "stopped by a listener after " + numComplete + " of " + splits + " folds";
    TrainingListeners.emit(
        TrainingEvent.finished(
            runId,
            "FoldCrossValidator",
            StepKind.FOLD,
            numComplete,
            splits,
            Map.of(metricName, avg[best]),
            reason));
    LOG.info(
        "[{}] done ({}): best params {}/{} mean {} = {}",
        runId,
        reason,
        best + 1,
        maps.length,
        metricName,
        avg[best]);
    if (ownCache) {
      // the out-of-fold predictions stay lazy: they recompute the (deterministic) folds if used
      folded.unpersist();
    }
    FoldCrossValidatorModel model =
        new FoldCrossValidatorModel(uid, bestModel, metrics, complete, best, oof, foldCol);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  /** The out-of-fold predictions with the row id, repeat and fold columns first (with rowIdCol). */
  private Dataset<Row> outOfFold(
      Dataset<Row> folded, String foldCol, String repeatCol, Dataset<Row> pred) {
    if (getRowIdCol().isEmpty()) {
      return pred;
    }
    List<String> inputCols = Arrays.asList(folded.columns());
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col(getRowIdCol()));
    if (repeatCol != null) {
      cols.add(functions.col(repeatCol));
    }
    cols.add(functions.col(foldCol));
    for (String c : pred.columns()) {
      if (!inputCols.contains(c)) {
        cols.add(functions.col(c));
      }
    }
    return pred.select(cols.toArray(new Column[0]));
  }

  /** Fold column values must be in 0..k-1, not null, and every fold non-empty. */
  static void checkFoldColumn(Dataset<Row> df, String foldCol, int k) {
    List<Row> counts = df.groupBy(foldCol).count().collectAsList();
    long[] perFold = new long[k];
    for (Row r : counts) {
      if (r.isNullAt(0)) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param foldCol) has %d null values; every row needs a fold in 0..%d.",
                foldCol, r.getLong(1), k - 1));
      }
      long v = ((Number) r.get(0)).longValue();
      if (v < 0 || v >= k) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param foldCol) has value %d (%d rows) outside 0..%d (numFolds=%d)."
                    + " Set numFolds to the number of folds or fix the column.",
                foldCol, v, r.getLong(1), k - 1, k));
      }
      perFold[(int) v] = r.getLong(1);
    }
    for (int f = 0; f < k; f++) {
      if (perFold[f] == 0) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param foldCol) has no row in fold %d of 0..%d (numFolds=%d).",
                foldCol, f, k - 1, k));
      }
    }
  }

  static String metricName(Evaluator eval) {
    return eval.hasParam("metricName")
        ? String.valueOf(eval.getOrDefault(eval.getParam("metricName")))
        : "metric";
  }

  @Override
  public FoldCrossValidator copy(ParamMap extra) {
    FoldCrossValidator c = (FoldCrossValidator) defaultCopy(extra);
    if (isDefined(p.estimator)) {
      c.setEstimator((Estimator<?>) getEstimator().copy(extra));
    }
    if (isDefined(p.evaluator)) {
      c.setEvaluator(getEvaluator().copy(extra));
    }
    return c;
  }

  @Override
  public MLWriter write() {
    return new ParamMapsParam.Writer(this);
  }

  public static MLReader<FoldCrossValidator> read() {
    return new Reader();
  }

  public static FoldCrossValidator load(String path) {
    return read().load(path);
  }

  private static final class Reader extends MLReader<FoldCrossValidator> {
    @Override
    public FoldCrossValidator load(String path) {
      String uid = NestedStages.uid(path, sc(), FoldCrossValidator.class);
      return ParamMapsParam.loadStage(new FoldCrossValidator(uid), path, sparkSession());
    }
  }
}
