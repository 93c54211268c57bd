package ai.refinery.cv;

import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.ParamSpecs;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;

/**
 * Creates the cross-validator params for one owner (estimator or model) and sets defaults; the
 * owner reaches them through {@link FoldCrossValidatorParams}.
 */
public final class CrossValidatorParamSet implements java.io.Serializable {
  final StageParam<Estimator<?>> estimator;
  final StageParam<Evaluator> evaluator;
  final ParamMapsParam estimatorParamMaps;
  final StageParam<FoldAssigner> foldAssigner;
  final Param<String> foldCol;
  final IntParam numFolds;
  final LongParam seed;
  final IntParam parallelism;
  final Param<String> rowIdCol;
  final Param<String> foldCaching;
  final Param<String> executionMode;
  final LongParam localRowsTimesFeatures;

  CrossValidatorParamSet(Params owner) {
    estimator = new StageParam<>(owner, "estimator", "the estimator to cross-validate");
    evaluator =
        new StageParam<>(
            owner, "evaluator", "the evaluator whose metric chooses the best param map");
    estimatorParamMaps =
        new ParamMapsParam(
            owner, "estimatorParamMaps", "param maps for the estimator (default: one empty map)");
    foldAssigner =
        new StageParam<>(
            owner,
            "foldAssigner",
            "fold assigner (KFold, StratifiedKFold, GroupKFold, ...); when not set, an existing"
                + " foldCol column is used, else a KFold with numFolds and seed");
    foldCol = ParamSpecs.foldCol(owner);
    numFolds = ParamSpecs.numFolds(owner);
    seed = ParamSpecs.seed(owner);
    parallelism = ParamSpecs.parallelism(owner);
    rowIdCol =
        new Param<>(
            owner,
            "rowIdCol",
            "row id column kept in the out-of-fold predictions; empty keeps every input column");
    foldCaching =
        ParamSpecs.enumParam(
            owner,
            "foldCaching",
            "what is cached for the fits: 'source' caches the fold-assigned input once and gives each"
                + " fit a filtered view of it (the estimator then caches its own working form, as"
                + " Spark ML estimators do for uncached input; least memory, fastest for iterative"
                + " estimators); 'splits' also caches every fold's training and validation sets (Spark"
                + " CrossValidator's way; for estimators that pass over their input many times without"
                + " caching it)",
            FoldCaching.class);
    executionMode = ParamSpecs.executionMode(owner);
    localRowsTimesFeatures = ParamSpecs.localRowsTimesFeatures(owner);
    owner.setDefault(foldCaching, "source");
    owner.setDefault(executionMode, "auto");
    owner.setDefault(localRowsTimesFeatures, ParamSpecs.LOCAL_ROWS_TIMES_FEATURES);
    owner.setDefault(estimatorParamMaps, new ParamMap[] {ParamMap.empty()});
    owner.setDefault(foldCol, "fold");
    owner.setDefault(numFolds, 5);
    owner.setDefault(seed, (long) owner.getClass().getName().hashCode());
    owner.setDefault(parallelism, 1);
    owner.setDefault(rowIdCol, "");
  }
}
