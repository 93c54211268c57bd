package ai.refinery.ensembles;

import ai.refinery.estimators.nested.StageArrayParam;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.HasFeaturesCol;
import ai.refinery.estimators.params.HasGroupCol;
import ai.refinery.estimators.params.HasLabelCol;
import ai.refinery.estimators.params.HasNumFolds;
import ai.refinery.estimators.params.HasParallelism;
import ai.refinery.estimators.params.HasPredictionCol;
import ai.refinery.estimators.params.HasSeed;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * Params shared by the stacking estimators and their models (declared in {@link
 * EnsembleParamSpecs.Stacking}; the column params are Spark's Predictor's); accessors and getters
 * only, setters are in {@link StackingSetters}.
 */
public interface StackingParams
    extends HasFeaturesCol,
        HasLabelCol,
        HasPredictionCol,
        HasNumFolds,
        HasSeed,
        HasGroupCol,
        HasParallelism {
  /** The param objects of this stage (created in its constructor). */
  EnsembleParamSpecs.Stacking stackingParams();

  /** The stage's uid, kept with its params (the pending one while Spark's constructor runs). */
  @Override
  default String uid() {
    return EnsembleParamSpecs.Core.uid(stackingParams());
  }

  @Override
  default IntParam numFolds() {
    return stackingParams().numFolds;
  }

  @Override
  default LongParam seed() {
    return stackingParams().seed;
  }

  @Override
  default Param<String> groupCol() {
    return stackingParams().groupCol;
  }

  @Override
  default IntParam parallelism() {
    return stackingParams().parallelism;
  }

  /** The base estimators (each fitted per fold for meta-features, then on all data). */
  default StageArrayParam baseEstimators() {
    return stackingParams().baseEstimators;
  }

  /** The Spark ML Predictor fitted on the meta-features. */
  default StageParam<PipelineStage> metaEstimator() {
    return stackingParams().metaEstimator;
  }

  /** Append the original features to the meta-features. */
  default BooleanParam passthrough() {
    return stackingParams().passthrough;
  }

  default PipelineStage[] getBaseEstimators() {
    return (PipelineStage[]) getOrDefault(baseEstimators());
  }

  default PipelineStage getMetaEstimator() {
    return (PipelineStage) getOrDefault(metaEstimator());
  }

  default boolean getPassthrough() {
    return (Boolean) getOrDefault(passthrough());
  }
}
