package ai.refinery.cv;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;

/**
 * A param holding a nested stage (estimator, evaluator, fold assigner). Its JSON form names the
 * stage's class and uid only, which is what copies and reloads must keep; the stage itself is saved
 * by the owner's writer in a sub-folder (as Spark's CrossValidator does), so decoding from JSON is
 * not supported.
 */
public class StageParam<T extends Identifiable> extends Param<T> {
  public StageParam(Params parent, String name, String doc) {
    super(parent, name, doc);
  }

  @Override
  public String jsonEncode(T value) {
    return "{\"class\":\"" + value.getClass().getName() + "\",\"uid\":\"" + value.uid() + "\"}";
  }

  @Override
  public T jsonDecode(String json) {
    throw new UnsupportedOperationException(
        "Param "
            + name()
            + " holds a stage; it is saved and"
            + " loaded in its own sub-folder by the owner's writer, not from JSON: "
            + json);
  }
}
