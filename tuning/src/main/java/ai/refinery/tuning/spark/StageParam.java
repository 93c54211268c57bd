package ai.refinery.tuning.spark;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;

/**
 * A param holding a nested stage (estimator, evaluator, fold assigner). Such stages are saved in
 * sub-folders by the owner's writer; the JSON form is only a description (class and uid) so that
 * params can be compared and printed, and it cannot be decoded.
 */
public final class StageParam<T> extends Param<T> {
  public StageParam(Params parent, String name, String doc) {
    super(parent, name, doc);
  }

  @Override
  public String jsonEncode(T value) {
    String uid = value instanceof Identifiable id ? id.uid() : "";
    return "{\"class\":\"" + value.getClass().getName() + "\",\"uid\":\"" + uid + "\"}";
  }

  @Override
  public T jsonDecode(String json) {
    throw new UnsupportedOperationException(
        "param "
            + name()
            + " holds a stage that is saved in its own folder, not in the metadata JSON");
  }
}
