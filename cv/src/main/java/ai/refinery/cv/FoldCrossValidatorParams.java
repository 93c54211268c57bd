package ai.refinery.cv;

import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.HasExecutionMode;
import ai.refinery.estimators.params.HasFoldCol;
import ai.refinery.estimators.params.HasNumFolds;
import ai.refinery.estimators.params.HasParallelism;
import ai.refinery.estimators.params.HasSeed;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;

/**
 * Params shared by {@link FoldCrossValidator} and {@link FoldCrossValidatorModel} (declared in
 * {@link CrossValidatorParamSet}); accessors and getters only, setters are on the estimator.
 */
public interface FoldCrossValidatorParams
    extends HasFoldCol, HasNumFolds, HasSeed, HasParallelism, HasExecutionMode {
  /** The param objects of this stage (created in its constructor). */
  CrossValidatorParamSet cvParams();

  @Override
  default Param<String> executionMode() {
    return cvParams().executionMode;
  }

  @Override
  default LongParam localRowsTimesFeatures() {
    return cvParams().localRowsTimesFeatures;
  }

  /** The estimator to cross-validate. */
  default StageParam<Estimator<?>> estimator() {
    return cvParams().estimator;
  }

  /** The evaluator whose metric chooses the best param map. */
  default StageParam<Evaluator> evaluator() {
    return cvParams().evaluator;
  }

  /** The param maps to try (default: one empty map). */
  default ParamMapsParam estimatorParamMaps() {
    return cvParams().estimatorParamMaps;
  }

  /**
   * The fold assigner; when not set, an existing {@code foldCol} column is used, and when there is
   * none, a {@link KFold} with {@code numFolds} and {@code seed}.
   */
  default StageParam<FoldAssigner> foldAssigner() {
    return cvParams().foldAssigner;
  }

  @Override
  default Param<String> foldCol() {
    return cvParams().foldCol;
  }

  @Override
  default IntParam numFolds() {
    return cvParams().numFolds;
  }

  @Override
  default LongParam seed() {
    return cvParams().seed;
  }

  @Override
  default IntParam parallelism() {
    return cvParams().parallelism;
  }

  /** The row id column kept in the out-of-fold predictions; empty keeps every input column. */
  default Param<String> rowIdCol() {
    return cvParams().rowIdCol;
  }

  /** What is cached for the fits: {@code source} (default) or {@code splits}. */
  default Param<String> foldCaching() {
    return cvParams().foldCaching;
  }

  default String getFoldCaching() {
    return (String) getOrDefault(foldCaching());
  }

  default Estimator<?> getEstimator() {
    return (Estimator<?>) getOrDefault(estimator());
  }

  default Evaluator getEvaluator() {
    return (Evaluator) getOrDefault(evaluator());
  }

  default ParamMap[] getEstimatorParamMaps() {
    return (ParamMap[]) getOrDefault(estimatorParamMaps());
  }

  /** The fold assigner, or null when none is set. */
  default FoldAssigner getFoldAssigner() {
    return isDefined(foldAssigner()) ? (FoldAssigner) getOrDefault(foldAssigner()) : null;
  }

  default String getRowIdCol() {
    return (String) getOrDefault(rowIdCol());
  }
}
