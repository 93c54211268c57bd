package ai.refinery.ensembles;

import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.HasParallelism;
import ai.refinery.estimators.params.HasSeed;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;

/**
 * Params shared by the bagging estimators and their models (declared in {@link
 * EnsembleParamSpecs.Bagging}); accessors and getters only, setters are in {@link BaggingSetters}.
 */
public interface BaggingParams extends HasParallelism, HasSeed {
  /** The param objects of this stage (created in its constructor). */
  EnsembleParamSpecs.Bagging baggingParams();

  /** The stage's uid, kept with its params (the pending one while Spark's constructor runs). */
  @Override
  default String uid() {
    return EnsembleParamSpecs.Core.uid(baggingParams());
  }

  /** The Spark ML Predictor fitted once per member (a decision tree by default). */
  default StageParam<PipelineStage> baseEstimator() {
    return baggingParams().baseEstimator;
  }

  /** Number of members (>= 1). */
  default IntParam numMembers() {
    return baggingParams().numMembers;
  }

  /** Expected share of the training rows each member sees, in (0, 1]. */
  default DoubleParam sampleFraction() {
    return baggingParams().sampleFraction;
  }

  /** Sample rows with replacement (bootstrap) or without. */
  default BooleanParam bootstrap() {
    return baggingParams().bootstrap;
  }

  /** Share of the features each member sees (a random subset per member), in (0, 1]. */
  default DoubleParam featureFraction() {
    return baggingParams().featureFraction;
  }

  /** Whether fit computes the out-of-bag score. */
  default BooleanParam computeOob() {
    return baggingParams().computeOob;
  }

  @Override
  default IntParam parallelism() {
    return baggingParams().parallelism;
  }

  @Override
  default LongParam seed() {
    return baggingParams().seed;
  }

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
