package ai.refinery.estimators.feature;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The stage contract for {@link TabularFeaturizer} and {@link TabularFeaturizerModel}. */
class TabularFeaturizerContractTest extends StageContract {
  @Override
  protected PipelineStage newStage() {
    return new TabularFeaturizer().setExcludeCols("id", "label").setOutputCol("feats");
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.mixed(SparkTestSession.get(), 40, 7);
  }

  @Override
  protected BadColumn badColumn() {
    return new BadColumn(data().withColumn("age", functions.array(functions.col("age"))), "age");
  }
}
