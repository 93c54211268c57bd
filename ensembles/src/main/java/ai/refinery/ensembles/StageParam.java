package ai.refinery.ensembles;

import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * A param holding a nested stage (a base or meta estimator). Its JSON form only describes the stage
 * (class and uid) for the metadata file; the stage itself is saved in a sub-folder by {@link
 * NestedStages}, like Spark's CrossValidator does with its estimator.
 */
public class StageParam<T extends PipelineStage> extends Param<T> {
  private static final long serialVersionUID = 1L;

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
            + " holds a stage saved in a sub-folder; load it with its owner's reader");
  }

  static String describe(PipelineStage s) {
    return "{\"class\":\"" + s.getClass().getName() + "\",\"uid\":\"" + s.uid() + "\"}";
  }
}
