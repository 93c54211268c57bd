package ai.refinery.cv;

import ai.refinery.testkit.PredictorContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;

/**
 * The stage contract for {@link FoldCrossValidator} and {@link FoldCrossValidatorModel}. A
 * regressor: Spark's probabilistic classifiers declare their output columns in another order than
 * they add them, which the contract's schema check would blame on the cross-validator.
 */
class FoldCrossValidatorContractTest extends PredictorContract {
  FoldCrossValidatorContractTest() {
    super(FoldCrossValidatorContractTest::stage, spark -> TinyData.regression(spark, 30, 3), 1e-9);
  }

  private static PipelineStage stage() {
    LinearRegression lr = new LinearRegression().setMaxIter(3);
    return new FoldCrossValidator()
        .setEstimator(lr)
        .setEvaluator(new RegressionEvaluator())
        .setEstimatorParamMaps(
            new ParamMap[] {
              new ParamMap().put(lr.regParam(), 0.0), new ParamMap().put(lr.regParam(), 0.5)
            })
        .setFoldAssigner(new StratifiedKFold().setNumBins(2).setNumFolds(2).setSeed(1))
        .setRowIdCol("id");
  }
}
