package ai.refinery.cv;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stage contract for {@link FoldCrossValidator} and {@link FoldCrossValidatorModel}. A
 * regressor: Spark's probabilistic classifiers declare their output columns in another order than
 * they add them, which the contract's schema check would blame on the cross-validator.
 */
class FoldCrossValidatorContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
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

  @Override
  protected Dataset<Row> data() {
    return TinyData.regression(SparkTestSession.get(), 30, 3);
  }

  @Override
  protected String labelCol() {
    return "label";
  }

  @Override
  protected double tolerance() {
    return 1e-9;
  }
}
