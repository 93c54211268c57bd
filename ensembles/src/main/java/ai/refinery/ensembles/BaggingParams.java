package ai.refinery.ensembles;

import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.HasParallelism;
import ai.refinery.estimators.params.HasSeed;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;

/** Params shared by the bagging estimators and their models. */
public interface BaggingParams extends HasParallelism, HasSeed {
  /** The Spark ML Predictor fitted once per member (a decision tree by default). */
  StageParam<PipelineStage> baseEstimator();

  /** Number of members (>= 1). */
  IntParam numMembers();

  /** Expected share of the training rows each member sees, in (0, 1]. */
  DoubleParam sampleFraction();

  /** Sample rows with replacement (bootstrap) or without. */
  BooleanParam bootstrap();

  /** Share of the features each member sees (a random subset per member), in (0, 1]. */
  DoubleParam featureFraction();

  /** Whether fit computes the out-of-bag score. */
  BooleanParam computeOob();

  default PipelineStage getBaseEstimator() {
    return (PipelineStage) getOrDefault(baseEstimator());
  }

  default int getNumMembers() {
    return (Integer) getOrDefault(numMembers());
  }

  default double getSampleFraction() {
    return (Double) getOrDefault(sampleFraction());
  }

  default boolean getBootstrap() {
    return (Boolean) getOrDefault(bootstrap());
  }

  default double getFeatureFraction() {
    return (Double) getOrDefault(featureFraction());
  }

  default boolean getComputeOob() {
    return (Boolean) getOrDefault(computeOob());
  }
}
