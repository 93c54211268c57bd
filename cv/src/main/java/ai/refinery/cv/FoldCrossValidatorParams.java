package ai.refinery.cv;

import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.HasExecutionMode;
import ai.refinery.estimators.params.HasFoldCol;
import ai.refinery.estimators.params.HasNumFolds;
import ai.refinery.estimators.params.HasParallelism;
import ai.refinery.estimators.params.HasSeed;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;

/** Params shared by {@link FoldCrossValidator} and {@link FoldCrossValidatorModel}. */
public interface FoldCrossValidatorParams
    extends HasFoldCol, HasNumFolds, HasSeed, HasParallelism, HasExecutionMode {
  /** The estimator to cross-validate. */
  StageParam<Estimator<?>> estimator();

  /** The evaluator whose metric chooses the best param map. */
  StageParam<Evaluator> evaluator();

  /** The param maps to try (default: one empty map). */
  ParamMapsParam estimatorParamMaps();

  /**
   * The fold assigner; when not set, an existing {@code foldCol} column is used, and when there is
   * none, a {@link KFold} with {@code numFolds} and {@code seed}.
   */
  StageParam<FoldAssigner> foldAssigner();

  /** The row id column kept in the out-of-fold predictions; empty keeps every input column. */
  Param<String> rowIdCol();

  /** What is cached for the fits: {@code source} (default) or {@code splits}. */
  Param<String> foldCaching();

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
