package ai.refinery.tuning.spark;

import ai.refinery.cv.FoldAssigner;
import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.RenamedParams;
import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.SearchSpace;
import ai.refinery.tuning.space.SpaceSpec;
import java.io.IOException;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Tunes an estimator's hyperparameters: grid, random or Bayesian search over a {@link SearchSpace}
 * bound to the estimator's params by name (nested Pipeline stages included), each trial scored by
 * an evaluator on cross-validation folds (a fold column in the data, or a {@code foldAssigner} from
 * the cv module) or on a seeded holdout split. Trials run {@code parallelism} at a time from the
 * driver, each a distributed Spark job; a trial that throws is recorded FAILED and the job goes on;
 * the median stopping rule stops trials whose intermediate values (folds, epochs, rounds) fall
 * behind; every finished trial is appended to a Delta trial history, from which a rerun with the
 * same {@code jobId} resumes and other jobs warm start. The best configuration is refitted on all
 * the data.
 */
public class HyperparameterTuner extends Estimator<HyperparameterTunerModel>
    implements MLWritable, HyperparameterTunerParams {

  private final StageParam<Estimator<?>> estimator;
  private final StageParam<Evaluator> evaluator;
  private final StageParam<PipelineStage> foldAssigner;
  private final TunerParamSet tunerParams;

  public HyperparameterTuner() {
    this(Uids.random("tuner"));
  }

  public HyperparameterTuner(String uid) {
    this.uid = uid;
    estimator = new StageParam<>(this, "estimator", "the estimator whose params are tuned");
    evaluator = new StageParam<>(this, "evaluator", "scores a trial's model on held-out rows");
    foldAssigner =
        new StageParam<>(
            this,
            "foldAssigner",
            "a cv FoldAssigner (KFold, StratifiedKFold, ...) that adds foldCol when the data has none;"
                + " unset and no foldCol in the data: a holdout split of validationFraction");
    tunerParams = new TunerParamSet(this);
  }

  private final String uid;

  @Override
  public String uid() {
    return uid;
  }

  // ------------------------------------------------------------------ params

  public StageParam<Estimator<?>> estimator() {
    return estimator;
  }

  public StageParam<Evaluator> evaluator() {
    return evaluator;
  }

  public StageParam<PipelineStage> foldAssigner() {
    return foldAssigner;
  }

  @Override
  public TunerParamSet tunerParams() {
    return tunerParams;
  }

  public Estimator<?> getEstimator() {
    return $(estimator);
  }

  public Evaluator getEvaluator() {
    return $(evaluator);
  }

  public PipelineStage getFoldAssigner() {
    return $(foldAssigner);
  }

  /**
   * @deprecated renamed {@code parallelism} (Spark's name); use {@link #getParallelism}.
   */
  @Deprecated
  public int getMaxParallelTrials() {
    RenamedParams.warn("HyperparameterTuner", "maxParallelTrials", "parallelism", "getter");
    return getParallelism();
  }

  public HyperparameterTuner setEstimator(Estimator<?> value) {
    set(estimator, value);
    return this;
  }

  public HyperparameterTuner setEvaluator(Evaluator value) {
    set(evaluator, value);
    return this;
  }

  /** A cv fold assigner (must implement {@link FoldAssigner}). */
  public HyperparameterTuner setFoldAssigner(PipelineStage value) {
    if (!(value instanceof FoldAssigner)) {
      throw new IllegalArgumentException(
          "foldAssigner must be a cv FoldAssigner (KFold, "
              + "StratifiedKFold, ...) but is "
              + value.getClass().getName());
    }
    set(foldAssigner, value);
    return this;
  }

  public HyperparameterTuner setSearchSpace(String json) {
    SpaceSpec.fromJson(json);
    set(searchSpace(), json);
    return this;
  }

  /** The ranges only; the direction comes from {@code direction} (auto: the evaluator). */
  public HyperparameterTuner setSearchSpace(SearchSpace space) {
    set(searchSpace(), SpaceSpec.json(space));
    return this;
  }

  /** The ranges and the spec's direction (as if it were set with {@link #setDirection}). */
  public HyperparameterTuner setSearchSpace(SpaceSpec spec) {
    set(searchSpace(), spec.toJson());
    return this;
  }

  public HyperparameterTuner setDirection(String value) {
    set(direction(), value);
    return this;
  }

  public HyperparameterTuner setStrategy(String value) {
    set(strategy(), value);
    return this;
  }

  public HyperparameterTuner setMaxTrials(int value) {
    set(maxTrials(), value);
    return this;
  }

  /** Sets {@code parallelism}: trials run at the same time from the driver. */
  public HyperparameterTuner setParallelism(int value) {
    set(parallelism(), value);
    return this;
  }

  /**
   * @deprecated renamed {@code parallelism} (Spark's name); use {@link #setParallelism}.
   */
  @Deprecated
  public HyperparameterTuner setMaxParallelTrials(int value) {
    RenamedParams.warn("HyperparameterTuner", "maxParallelTrials", "parallelism", "setter");
    return setParallelism(value);
  }

  public HyperparameterTuner setMaxRuntimeSeconds(double value) {
    set(maxRuntimeSeconds(), value);
    return this;
  }

  public HyperparameterTuner setMaxTrialSeconds(double value) {
    set(maxTrialSeconds(), value);
    return this;
  }

  public HyperparameterTuner setEarlyStopping(String value) {
    set(earlyStopping(), value);
    return this;
  }

  public HyperparameterTuner setMinTrialsForStopping(int value) {
    set(minTrialsForStopping(), value);
    return this;
  }

  public HyperparameterTuner setIntermediateMetric(String value) {
    set(intermediateMetric(), value);
    return this;
  }

  public HyperparameterTuner setValidationFraction(double value) {
    set(validationFraction(), value);
    return this;
  }

  public HyperparameterTuner setHistoryPath(String value) {
    set(historyPath(), value);
    return this;
  }

  public HyperparameterTuner setJobId(String value) {
    set(jobId(), value);
    return this;
  }

  public HyperparameterTuner setParentJobIds(String... value) {
    set(parentJobIds(), value);
    return this;
  }

  public HyperparameterTuner setWarmStart(String value) {
    set(warmStart(), value);
    return this;
  }

  public HyperparameterTuner setInputVersion(long value) {
    set(inputVersion(), value);
    return this;
  }

  public HyperparameterTuner setSeed(long value) {
    set(seed(), value);
    return this;
  }

  public HyperparameterTuner setFoldCol(String value) {
    set(foldCol(), value);
    return this;
  }

  // ------------------------------------------------------------------ schema

  SearchSpace space() {
    if (!isDefined(searchSpace())) {
      throw new IllegalArgumentException(
          "HyperparameterTuner needs searchSpace; call "
              + "setSearchSpace(...) with the ranges to tune");
    }
    return SpaceSpec.fromJson(getSearchSpace()).space();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(estimator)) {
      throw new IllegalArgumentException("HyperparameterTuner needs estimator; call setEstimator");
    }
    if (!isDefined(evaluator)) {
      throw new IllegalArgumentException("HyperparameterTuner needs evaluator; call setEvaluator");
    }
    if (getParallelism() > getMaxTrials()) {
      throw new IllegalArgumentException(
          String.format(
              "parallelism is %d but maxTrials is"
                  + " %d: no more trials can run at once than run in all. Set parallelism to at most"
                  + " %d.",
              getParallelism(), getMaxTrials(), getMaxTrials()));
    }
    ParamBinder.bind(getEstimator(), space());
    resolvedDirection();
    if (java.util.Arrays.asList(schema.fieldNames()).contains(getFoldCol())) {
      SchemaChecks.requireIntegral(schema, getFoldCol(), "foldCol");
    }
    return getEstimator().transformSchema(schema);
  }

  /**
   * The objective's direction: the {@code direction} param when set, else the search space JSON's
   * {@code direction} key when it has one, else the evaluator's {@code isLargerBetter}. A space
   * whose direction contradicts an explicitly set {@code direction} is an error.
   */
  Direction resolvedDirection() {
    java.util.Optional<Direction> declared =
        isDefined(searchSpace())
            ? SpaceSpec.declaredDirection(getSearchSpace())
            : java.util.Optional.empty();
    Direction explicit =
        switch (getDirection()) {
          case "minimize" -> Direction.MINIMIZE;
          case "maximize" -> Direction.MAXIMIZE;
          default -> null;
        };
    if (explicit != null && declared.isPresent() && declared.get() != explicit) {
      throw new IllegalArgumentException(
          String.format(
              "searchSpace declares \"direction\": "
                  + "\"%s\" but the direction param is '%s'; remove one of them or make them agree",
              declared.get().spelling(), explicit.spelling()));
    }
    if (explicit != null) {
      return explicit;
    }
    if (declared.isPresent()) {
      return declared.get();
    }
    return getEvaluator().isLargerBetter() ? Direction.MAXIMIZE : Direction.MINIMIZE;
  }

  String metricName() {
    Evaluator ev = getEvaluator();
    if (ev.hasParam("metricName")) {
      return String.valueOf(ev.getOrDefault(ev.getParam("metricName")));
    }
    return "objective";
  }

  // ------------------------------------------------------------------ fit

  @Override
  public HyperparameterTunerModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return new TuningRun(this, dataset.toDF()).run();
  }

  @Override
  public HyperparameterTuner copy(ParamMap extra) {
    // extra reaches the nested estimator and evaluator too (values for their params), as in the
    // cross-validator and Spark's CrossValidator
    HyperparameterTuner c = (HyperparameterTuner) defaultCopy(extra);
    if (c.isDefined(c.estimator)) {
      c.set(c.estimator, (Estimator<?>) c.getEstimator().copy(extra));
    }
    if (c.isDefined(c.evaluator)) {
      c.set(c.evaluator, c.getEvaluator().copy(extra));
    }
    return c;
  }

  // ------------------------------------------------------------------ persistence

  @Override
  public MLWriter write() {
    return new NestedStages.Writer(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  public static MLReader<HyperparameterTuner> read() {
    return new NestedStages.Reader<>(HyperparameterTuner.class, HyperparameterTuner::new);
  }

  public static HyperparameterTuner load(String path) {
    return read().load(path);
  }

  // ------------------------------------------------------------------ helpers for TuningRun

  /** A trial's params from the history's JSON (see {@link TrialParams}). */
  static Map<String, Object> fromJson(String json) {
    return TrialParams.fromJson(json);
  }

  HyperparameterTunerModel copyValuesTo(HyperparameterTunerModel m) {
    return copyValues(m, ParamMap.empty());
  }
}
