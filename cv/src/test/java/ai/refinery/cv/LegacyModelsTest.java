package ai.refinery.cv;

import ai.refinery.testkit.LegacyModels;
import ai.refinery.testkit.LegacyModelsContract;
import ai.refinery.testkit.TinyData;
import java.util.List;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.SparkSession;

/**
 * Cross-validators and their models saved by Refinery 0.1.0 (in {@code
 * src/test/resources/legacy-models/0.1.0}) still load, with the same nested stages and the same
 * predictions. {@code -Drefinery.legacy.write=true} rewrites them with the code at hand.
 */
class LegacyModelsTest extends LegacyModelsContract {
  LegacyModelsTest() {
    super("0.1.0", 1e-9);
  }

  @Override
  protected List<LegacyModels.Entry> entries(SparkSession spark) {
    LinearRegression lr = new LinearRegression().setMaxIter(3);
    FoldCrossValidator cv =
        new FoldCrossValidator()
            .setEstimator(lr)
            .setEvaluator(new RegressionEvaluator())
            .setEstimatorParamMaps(
                new ParamMap[] {
                  new ParamMap().put(lr.regParam(), 0.0), new ParamMap().put(lr.regParam(), 0.5)
                })
            .setFoldAssigner(new KFold().setNumFolds(2).setSeed(1))
            .setRowIdCol("id");
    return List.of(
        LegacyModels.Entry.of("fold-cross-validator", cv, spark, TinyData::regression, 20, 3));
  }
}
