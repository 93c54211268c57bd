package ai.refinery.tuning.spark;

import ai.refinery.estimators.params.ParamCheck;
import ai.refinery.estimators.params.ParamSpecs;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Creates the tuner's params (all but the nested stages) for one owner, the tuner or its model, and
 * sets their defaults: each is declared here once.
 */
public final class TunerParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  final Param<String> searchSpace;
  final Param<String> direction;
  final Param<String> strategy;
  final IntParam maxTrials;
  final IntParam parallelism;
  final DoubleParam maxRuntimeSeconds;
  final DoubleParam maxTrialSeconds;
  final Param<String> earlyStopping;
  final IntParam minTrialsForStopping;
  final Param<String> intermediateMetric;
  final DoubleParam validationFraction;
  final Param<String> historyPath;
  final Param<String> jobId;
  final StringArrayParam parentJobIds;
  final Param<String> warmStart;
  final LongParam inputVersion;
  final LongParam seed;
  final Param<String> foldCol;

  TunerParamSet(Params owner) {
    searchSpace =
        new Param<>(
            owner,
            "searchSpace",
            "the search space as JSON ({\"params\": [...]}, see SpaceSpec); names are param paths such"
                + " as regParam or stages[2].maxDepth");
    direction =
        new Param<>(
            owner,
            "direction",
            "objective direction: auto (from the evaluator's isLargerBetter), minimize or maximize",
            ParamCheck.oneOf("direction", "auto", "minimize", "maximize"));
    strategy =
        new Param<>(
            owner,
            "strategy",
            "search strategy: bayesian, random or grid",
            ParamCheck.oneOf("strategy", "bayesian", "random", "grid"));
    maxTrials =
        new IntParam(
            owner,
            "maxTrials",
            "number of trials (>= 1), resumed ones included",
            ParamCheck.atLeast("maxTrials", 1));
    parallelism =
        new IntParam(
            owner,
            "parallelism",
            "trials run at the same time from the driver (>= 1), each a distributed Spark job"
                + " (formerly maxParallelTrials)",
            ParamCheck.atLeast("parallelism", 1));
    maxRuntimeSeconds =
        new DoubleParam(
            owner,
            "maxRuntimeSeconds",
            "time limit of the whole job in seconds (0: none); running trials are stopped at the limit",
            ParamCheck.atLeast("maxRuntimeSeconds", 0));
    maxTrialSeconds =
        new DoubleParam(
            owner,
            "maxTrialSeconds",
            "time limit per trial in seconds (0: none); a trial over it is cancelled and FAILED",
            ParamCheck.atLeast("maxTrialSeconds", 0));
    earlyStopping =
        new Param<>(
            owner,
            "earlyStopping",
            "early stopping of trials: off, or auto (the median stopping rule once minTrialsForStopping"
                + " trials completed)",
            ParamCheck.oneOf("earlyStopping", "off", "auto"));
    minTrialsForStopping =
        new IntParam(
            owner,
            "minTrialsForStopping",
            "completed trials needed before the median rule stops any trial (>= 1)",
            ParamCheck.atLeast("minTrialsForStopping", 1));
    intermediateMetric =
        new Param<>(
            owner,
            "intermediateMetric",
            "metric of the estimator's own step events (epochs, rounds) used as intermediate values;"
                + " empty: the evaluator's metricName");
    validationFraction =
        new DoubleParam(
            owner,
            "validationFraction",
            "fraction of rows held out when there are no folds",
            ParamCheck.open("validationFraction", 0, 1));
    historyPath =
        new Param<>(
            owner,
            "historyPath",
            "Delta table the trials are appended to (empty: none; resume and warm start need it)");
    jobId =
        new Param<>(
            owner,
            "jobId",
            "id of this tuning job in the history; a rerun with the same id resumes it");
    parentJobIds =
        new StringArrayParam(owner, "parentJobIds", "jobs in the history to warm start from");
    warmStart =
        new Param<>(
            owner,
            "warmStart",
            "how parent trials are used: reuse (same data and estimator: they count as observations and"
                + " may be the best) or transfer (prior observations for the surrogate only)",
            ParamCheck.oneOf("warmStart", "reuse", "transfer"));
    inputVersion =
        new LongParam(
            owner,
            "inputVersion",
            "version of the input Delta table, recorded with each trial (-1: unknown)");
    seed = ParamSpecs.seed(owner);
    foldCol = ParamSpecs.foldCol(owner);
    owner.setDefault(direction, "auto");
    owner.setDefault(strategy, "bayesian");
    owner.setDefault(maxTrials, 20);
    owner.setDefault(parallelism, 1);
    owner.setDefault(maxRuntimeSeconds, 0.0);
    owner.setDefault(maxTrialSeconds, 0.0);
    owner.setDefault(earlyStopping, "off");
    owner.setDefault(minTrialsForStopping, 3);
    owner.setDefault(intermediateMetric, "");
    owner.setDefault(validationFraction, 0.25);
    owner.setDefault(historyPath, "");
    owner.setDefault(jobId, owner.uid());
    owner.setDefault(parentJobIds, new String[0]);
    owner.setDefault(warmStart, "transfer");
    owner.setDefault(inputVersion, -1L);
    owner.setDefault(seed, (long) owner.getClass().getName().hashCode());
    owner.setDefault(foldCol, "fold");
  }
}
