package ai.refinery.estimators.nested;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;
import scala.Function1;

/**
 * A param holding a nested stage: an estimator, an evaluator, a fold assigner, a base or meta
 * learner. The stage is saved by its owner's writer in a sub-folder ({@link NestedStages}), so the
 * JSON form only describes it (class and uid, for {@code metadata/}, printing and comparing) and
 * cannot be decoded.
 *
 * @param <T> the stage type; {@link Params} covers estimators, evaluators and fold assigners
 */
public class StageParam<T extends Params> extends Param<T> {
  private static final long serialVersionUID = 1L;

  public StageParam(Params parent, String name, String doc) {
    super(parent, name, doc);
  }

  public StageParam(Params parent, String name, String doc, Function1<T, Object> isValid) {
    super(parent, name, doc, isValid);
  }

  @Override
  public String jsonEncode(T value) {
    return describe(value);
  }

  @Override
  public T jsonDecode(String json) {
    throw new UnsupportedOperationException(
        "Param "
            + name()
            + " holds a stage that is saved in its own sub-folder; load it with its owner's reader,"
            + " not from JSON: "
            + json);
  }

  /** {@code {"class": ..., "uid": ...}} of a stage. */
  static String describe(Identifiable stage) {
    return "{\"class\":\"" + stage.getClass().getName() + "\",\"uid\":\"" + stage.uid() + "\"}";
  }
}
