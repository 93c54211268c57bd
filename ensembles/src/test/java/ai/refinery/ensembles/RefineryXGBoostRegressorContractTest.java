package ai.refinery.ensembles;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The stage contract for {@link RefineryXGBoostRegressor} and its {@link RefineryXGBoostModel}. */
class RefineryXGBoostRegressorContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    XGBoostRegressor x = new XGBoostRegressor();
    x.setNumRound(2);
    x.setNumWorkers(1);
    x.setNthread(1);
    x.setMaxDepth(2);
    return new RefineryXGBoostRegressor().setXgboost(x);
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.regression(SparkTestSession.get(), 30, 5);
  }

  @Override
  protected String labelCol() {
    return "label";
  }

  @Override
  protected double tolerance() {
    return 1e-6;
  }
}
