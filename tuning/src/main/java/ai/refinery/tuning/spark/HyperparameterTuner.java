package ai.refinery.tuning.spark;

import ai.refinery.cv.FoldAssigner;
import ai.refinery.estimators.SchemaChecks;
import ai.refinery.estimators.Uids;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.HasFoldCol;
import ai.refinery.estimators.params.HasSeed;
import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.params.ParamSpecs;
import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.SearchSpace;
import ai.refinery.tuning.space.SpaceSpec;
import java.io.IOException;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Tunes an estimator's hyperparameters: grid, random or Bayesian search over a {@link SearchSpace}
 * bound to the estimator's params by name (nested Pipeline stages included), each trial scored by
 * an evaluator on cross-validation folds (a fold column in the data, or a {@code foldAssigner} from
 * the cv module) or on a seeded holdout split. Trials run {@code maxParallelTrials} at a time from
 * the driver, each a distributed Spark job; a trial that throws is recorded FAILED and the job goes
 * on; the median stopping rule stops trials whose intermediate values (folds, epochs, rounds) fall
 * behind; every finished trial is appended to a Delta trial history, from which a rerun with the
 * same {@code jobId} resumes and other jobs warm start. The best configuration is refitted on all
 * the data.
 */
public class HyperparameterTuner extends Estimator<HyperparameterTunerModel>
    implements MLWritable, HasSeed, HasFoldCol {

  private final StageParam<Estimator<?>> estimator;
  private final StageParam<Evaluator> evaluator;
  private final StageParam<PipelineStage> foldAssigner;
  private final Param<String> searchSpace;
  private final Param<String> direction;
  private final Param<String> strategy;
  private final IntParam maxTrials;
  private final IntParam maxParallelTrials;
  private final DoubleParam maxRuntimeSeconds;
  private final DoubleParam maxTrialSeconds;
  private final Param<String> earlyStopping;
  private final IntParam minTrialsForStopping;
  private final Param<String> intermediateMetric;
  private final DoubleParam validationFraction;
  private final Param<String> historyPath;
  private final Param<String> jobId;
  private final StringArrayParam parentJobIds;
  private final Param<String> warmStart;
  private final LongParam inputVersion;
  private final LongParam seed;
  private final Param<String> foldCol;

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
    searchSpace =
        new Param<>(
            this,
            "searchSpace",
            "the search space as JSON ({\"params\": [...]}, see SpaceSpec); names are param paths such"
                + " as regParam or stages[2].maxDepth");
    direction =
        new Param<>(
            this,
            "direction",
            "objective direction: auto (from the evaluator's isLargerBetter), minimize or maximize",
            ParamCheck.oneOf("direction", "auto", "minimize", "maximize"));
    strategy =
        new Param<>(
            this,
            "strategy",
            "search strategy: bayesian, random or grid",
            ParamCheck.oneOf("strategy", "bayesian", "random", "grid"));
    maxTrials =
        new IntParam(
            this,
            "maxTrials",
            "number of trials (>= 1), resumed ones included",
            ParamCheck.atLeast("maxTrials", 1));
    maxParallelTrials =
        new IntParam(
            this,
            "maxParallelTrials",
            "trials run at the same time from the driver (>= 1), each a distributed Spark job",
            ParamCheck.atLeast("maxParallelTrials", 1));
    maxRuntimeSeconds =
        new DoubleParam(
            this,
            "maxRuntimeSeconds",
            "time limit of the whole job in seconds (0: none); running trials are stopped at the limit",
            ParamCheck.atLeast("maxRuntimeSeconds", 0));
    maxTrialSeconds =
        new DoubleParam(
            this,
            "maxTrialSeconds",
            "time limit per trial in seconds (0: none); a trial over it is cancelled and FAILED",
            ParamCheck.atLeast("maxTrialSeconds", 0));
    earlyStopping =
        new Param<>(
            this,
            "earlyStopping",
            "early stopping of trials: off, or auto (the median stopping rule once minTrialsForStopping"
                + " trials completed)",
            ParamCheck.oneOf("earlyStopping", "off", "auto"));
    minTrialsForStopping =
        new IntParam(
            this,
            "minTrialsForStopping",
            "completed trials needed before the median rule stops any trial (>= 1)",
            ParamCheck.atLeast("minTrialsForStopping", 1));
    intermediateMetric =
        new Param<>(
            this,
            "intermediateMetric",
            "metric of the estimator's own step events (epochs, rounds) used as intermediate values;"
                + " empty: the evaluator's metricName");
    validationFraction =
        new DoubleParam(
            this,
            "validationFraction",
            "fraction of rows held out when there are no folds",
            ParamCheck.open("validationFraction", 0, 1));
    historyPath =
        new Param<>(
            this,
            "historyPath",
            "Delta table the trials are appended to (empty: none; resume and warm start need it)");
    jobId =
        new Param<>(
            this,
            "jobId",
            "id of this tuning job in the history; a rerun with the same id resumes it");
    parentJobIds =
        new StringArrayParam(this, "parentJobIds", "jobs in the history to warm start from");
    warmStart =
        new Param<>(
            this,
            "warmStart",
            "how parent trials are used: reuse (same data and estimator: they count as observations and"
                + " may be the best) or transfer (prior observations for the surrogate only)",
            ParamCheck.oneOf("warmStart", "reuse", "transfer"));
    inputVersion =
        new LongParam(
            this,
            "inputVersion",
            "version of the input Delta table, recorded with each trial (-1: unknown)");
    seed = ParamSpecs.seed(this);
    foldCol = ParamSpecs.foldCol(this);
    setDefault(direction, "auto");
    setDefault(strategy, "bayesian");
    setDefault(maxTrials, 20);
    setDefault(maxParallelTrials, 1);
    setDefault(maxRuntimeSeconds, 0.0);
    setDefault(maxTrialSeconds, 0.0);
    setDefault(earlyStopping, "off");
    setDefault(minTrialsForStopping, 3);
    setDefault(intermediateMetric, "");
    setDefault(validationFraction, 0.25);
    setDefault(historyPath, "");
    setDefault(jobId, uid);
    setDefault(parentJobIds, new String[0]);
    setDefault(warmStart, "transfer");
    setDefault(inputVersion, -1L);
    setDefault(seed, 0L);
    setDefault(foldCol, "fold");
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

  public Param<String> searchSpace() {
    return searchSpace;
  }

  public Param<String> direction() {
    return direction;
  }

  public Param<String> strategy() {
    return strategy;
  }

  public IntParam maxTrials() {
    return maxTrials;
  }

  public IntParam maxParallelTrials() {
    return maxParallelTrials;
  }

  public DoubleParam maxRuntimeSeconds() {
    return maxRuntimeSeconds;
  }

  public DoubleParam maxTrialSeconds() {
    return maxTrialSeconds;
  }

  public Param<String> earlyStopping() {
    return earlyStopping;
  }

  public IntParam minTrialsForStopping() {
    return minTrialsForStopping;
  }

  public Param<String> intermediateMetric() {
    return intermediateMetric;
  }

  public DoubleParam validationFraction() {
    return validationFraction;
  }

  public Param<String> historyPath() {
    return historyPath;
  }

  public Param<String> jobId() {
    return jobId;
  }

  public StringArrayParam parentJobIds() {
    return parentJobIds;
  }

  public Param<String> warmStart() {
    return warmStart;
  }

  public LongParam inputVersion() {
    return inputVersion;
  }

  @Override
  public LongParam seed() {
    return seed;
  }

  @Override
  public Param<String> foldCol() {
    return foldCol;
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

  public String getSearchSpace() {
    return $(searchSpace);
  }

  public String getDirection() {
    return $(direction);
  }

  public String getStrategy() {
    return $(strategy);
  }

  public int getMaxTrials() {
    return (Integer) $(maxTrials);
  }

  public int getMaxParallelTrials() {
    return (Integer) $(maxParallelTrials);
  }

  public double getMaxRuntimeSeconds() {
    return (Double) $(maxRuntimeSeconds);
  }

  public double getMaxTrialSeconds() {
    return (Double) $(maxTrialSeconds);
  }

  public String getEarlyStopping() {
    return $(earlyStopping);
  }

  public int getMinTrialsForStopping() {
    return (Integer) $(minTrialsForStopping);
  }

  public String getIntermediateMetric() {
    return $(intermediateMetric);
  }

  public double getValidationFraction() {
    return (Double) $(validationFraction);
  }

  public String getHistoryPath() {
    return $(historyPath);
  }

  public String getJobId() {
    return $(jobId);
  }

  public String[] getParentJobIds() {
    return $(parentJobIds);
  }

  public String getWarmStart() {
    return $(warmStart);
  }

  public long getInputVersion() {
    return (Long) $(inputVersion);
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
    set(searchSpace, json);
    return this;
  }

  /** The ranges only; the direction comes from {@code direction} (auto: the evaluator). */
  public HyperparameterTuner setSearchSpace(SearchSpace space) {
    set(searchSpace, SpaceSpec.json(space));
    return this;
  }

  /** The ranges and the spec's direction (as if it were set with {@link #setDirection}). */
  public HyperparameterTuner setSearchSpace(SpaceSpec spec) {
    set(searchSpace, spec.toJson());
    return this;
  }

  public HyperparameterTuner setDirection(String value) {
    set(direction, value);
    return this;
  }

  public HyperparameterTuner setStrategy(String value) {
    set(strategy, value);
    return this;
  }

  public HyperparameterTuner setMaxTrials(int value) {
    set(maxTrials, value);
    return this;
  }

  public HyperparameterTuner setMaxParallelTrials(int value) {
    set(maxParallelTrials, value);
    return this;
  }

  public HyperparameterTuner setMaxRuntimeSeconds(double value) {
    set(maxRuntimeSeconds, value);
    return this;
  }

  public HyperparameterTuner setMaxTrialSeconds(double value) {
    set(maxTrialSeconds, value);
    return this;
  }

  public HyperparameterTuner setEarlyStopping(String value) {
    set(earlyStopping, value);
    return this;
  }

  public HyperparameterTuner setMinTrialsForStopping(int value) {
    set(minTrialsForStopping, value);
    return this;
  }

  public HyperparameterTuner setIntermediateMetric(String value) {
    set(intermediateMetric, value);
    return this;
  }

  public HyperparameterTuner setValidationFraction(double value) {
    set(validationFraction, value);
    return this;
  }

  public HyperparameterTuner setHistoryPath(String value) {
    set(historyPath, value);
    return this;
  }

  public HyperparameterTuner setJobId(String value) {
    set(jobId, value);
    return this;
  }

  public HyperparameterTuner setParentJobIds(String... value) {
    set(parentJobIds, value);
    return this;
  }

  public HyperparameterTuner setWarmStart(String value) {
    set(warmStart, value);
    return this;
  }

  public HyperparameterTuner setInputVersion(long value) {
    set(inputVersion, value);
    return this;
  }

  public HyperparameterTuner setSeed(long value) {
    set(seed, value);
    return this;
  }

  public HyperparameterTuner setFoldCol(String value) {
    set(foldCol, value);
    return this;
  }

  // ------------------------------------------------------------------ schema

  SearchSpace space() {
    if (!isDefined(searchSpace)) {
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
    if (getMaxParallelTrials() > getMaxTrials()) {
      throw new IllegalArgumentException(
          String.format(
              "maxParallelTrials is %d but maxTrials is"
                  + " %d: no more trials can run at once than run in all. Set maxParallelTrials to at most"
                  + " %d.",
              getMaxParallelTrials(), getMaxTrials(), getMaxTrials()));
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
        isDefined(searchSpace)
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
    HyperparameterTuner c = (HyperparameterTuner) defaultCopy(extra);
    if (c.isDefined(c.estimator)) {
      c.set(c.estimator, (Estimator<?>) c.getEstimator().copy(ParamMap.empty()));
    }
    if (c.isDefined(c.evaluator)) {
      c.set(c.evaluator, c.getEvaluator().copy(ParamMap.empty()));
    }
    return c;
  }

  // ------------------------------------------------------------------ persistence

  @Override
  public MLWriter write() {
    return new TunerWriter(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  public static MLReader<HyperparameterTuner> read() {
    return new TunerReader();
  }

  public static HyperparameterTuner load(String path) {
    return read().load(path);
  }

  private static final class TunerWriter extends MLWriter {
    private final HyperparameterTuner instance;

    TunerWriter(HyperparameterTuner instance) {
      NestedStages.requireWritable(instance);
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      NestedStages.saveParams(instance, path, sc());
    }
  }

  private static final class TunerReader extends MLReader<HyperparameterTuner> {
    @Override
    public HyperparameterTuner load(String path) {
      HyperparameterTuner t =
          new HyperparameterTuner(NestedStages.uid(path, sc(), HyperparameterTuner.class));
      return NestedStages.loadParams(t, path, sc());
    }
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
