package ai.refinery.tuning.spark;

import ai.refinery.estimators.params.HasFoldCol;
import ai.refinery.estimators.params.HasParallelism;
import ai.refinery.estimators.params.HasSeed;
import ai.refinery.estimators.params.RenamedParams;
import java.util.Map;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Params shared by {@link HyperparameterTuner} and {@link HyperparameterTunerModel} (all but the
 * nested stages), declared once in {@link TunerParamSet}; the model gets the tuner's values in
 * {@code fit}, so a user reads back how a model was tuned.
 */
public interface HyperparameterTunerParams
    extends HasSeed, HasFoldCol, HasParallelism, RenamedParams {
  /** The param objects of this stage. */
  TunerParamSet tunerParams();

  /** {@code maxParallelTrials} was renamed {@code parallelism} (Spark's name). */
  @Override
  default Map<String, String> renamedParams() {
    return Map.of("maxParallelTrials", "parallelism");
  }

  @Override
  default LongParam seed() {
    return tunerParams().seed;
  }

  @Override
  default Param<String> foldCol() {
    return tunerParams().foldCol;
  }

  default Param<String> searchSpace() {
    return tunerParams().searchSpace;
  }

  default String getSearchSpace() {
    return (String) getOrDefault(searchSpace());
  }

  default Param<String> direction() {
    return tunerParams().direction;
  }

  default String getDirection() {
    return (String) getOrDefault(direction());
  }

  default Param<String> strategy() {
    return tunerParams().strategy;
  }

  default String getStrategy() {
    return (String) getOrDefault(strategy());
  }

  default IntParam maxTrials() {
    return tunerParams().maxTrials;
  }

  default int getMaxTrials() {
    return (Integer) getOrDefault(maxTrials());
  }

  @Override
  default IntParam parallelism() {
    return tunerParams().parallelism;
  }

  default DoubleParam maxRuntimeSeconds() {
    return tunerParams().maxRuntimeSeconds;
  }

  default double getMaxRuntimeSeconds() {
    return (Double) getOrDefault(maxRuntimeSeconds());
  }

  default DoubleParam maxTrialSeconds() {
    return tunerParams().maxTrialSeconds;
  }

  default double getMaxTrialSeconds() {
    return (Double) getOrDefault(maxTrialSeconds());
  }

  default Param<String> earlyStopping() {
    return tunerParams().earlyStopping;
  }

  default String getEarlyStopping() {
    return (String) getOrDefault(earlyStopping());
  }

  default IntParam minTrialsForStopping() {
    return tunerParams().minTrialsForStopping;
  }

  default int getMinTrialsForStopping() {
    return (Integer) getOrDefault(minTrialsForStopping());
  }

  default Param<String> intermediateMetric() {
    return tunerParams().intermediateMetric;
  }

  default String getIntermediateMetric() {
    return (String) getOrDefault(intermediateMetric());
  }

  default DoubleParam validationFraction() {
    return tunerParams().validationFraction;
  }

  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
  }

  default Param<String> historyPath() {
    return tunerParams().historyPath;
  }

  default String getHistoryPath() {
    return (String) getOrDefault(historyPath());
  }

  default Param<String> jobId() {
    return tunerParams().jobId;
  }

  default String getJobId() {
    return (String) getOrDefault(jobId());
  }

  default StringArrayParam parentJobIds() {
    return tunerParams().parentJobIds;
  }

  default String[] getParentJobIds() {
    return (String[]) getOrDefault(parentJobIds());
  }

  default Param<String> warmStart() {
    return tunerParams().warmStart;
  }

  default String getWarmStart() {
    return (String) getOrDefault(warmStart());
  }

  default LongParam inputVersion() {
    return tunerParams().inputVersion;
  }

  default long getInputVersion() {
    return (Long) getOrDefault(inputVersion());
  }
}
