package ai.refinery.cv;

import ai.refinery.testkit.SparkTestSession;
import ai.refinery.testkit.StageContract;
import ai.refinery.testkit.TinyData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The stage contract for a fold assigner: tiny binary data with a label and a group column; the bad
 * input turns one key column the assigner reads into an array, which is not a key type.
 */
abstract class FoldAssignerContract extends StageContract {
  private final int rows;
  private final String keyCol;

  /**
   * @param rows rows of {@link TinyData#binary}
   * @param keyCol the column the bad input makes an array
   */
  FoldAssignerContract(int rows, String keyCol) {
    this.rows = rows;
    this.keyCol = keyCol;
  }

  @Override
  protected Dataset<Row> data() {
    return TinyData.binary(SparkTestSession.get(), rows, 4);
  }

  @Override
  protected String labelCol() {
    return "label";
  }

  @Override
  protected BadColumn badColumn() {
    return new BadColumn(data().withColumn(keyCol, functions.array(functions.col(keyCol))), keyCol);
  }
}
