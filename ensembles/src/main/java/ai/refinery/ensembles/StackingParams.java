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

/** Params shared by the stacking estimators and their models. */
public interface StackingParams
    extends HasFeaturesCol,
        HasLabelCol,
        HasPredictionCol,
        HasNumFolds,
        HasSeed,
        HasGroupCol,
        HasParallelism {
  /** The base estimators (each fitted per fold for meta-features, then on all data). */
  StageArrayParam baseEstimators();

  /** The Spark ML Predictor fitted on the meta-features. */
  StageParam<PipelineStage> metaEstimator();

  /** Append the original features to the meta-features. */
  BooleanParam passthrough();

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
