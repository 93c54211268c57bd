package ai.refinery.estimators.nested;

import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * A param holding a list of nested stages (e.g. stacking's base estimators). Saved by its owner's
 * writer in zero-padded sub-folders ({@link NestedStages}); the JSON form only describes the stages
 * (see {@link StageParam}).
 */
public class StageArrayParam extends Param<PipelineStage[]> {
  private static final long serialVersionUID = 1L;

  public StageArrayParam(Params parent, String name, String doc) {
    super(parent, name, doc);
  }

  public StageArrayParam(
      Params parent, String name, String doc, Function1<PipelineStage[], Object> isValid) {
    super(parent, name, doc, isValid);
  }

  @Override
  public String jsonEncode(PipelineStage[] value) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < value.length; i++) {
      b.append(i == 0 ? "" : ",").append(StageParam.describe(value[i]));
    }
    return b.append("]").toString();
  }

  @Override
  public PipelineStage[] jsonDecode(String json) {
    throw new UnsupportedOperationException(
        "Param "
            + name()
            + " holds stages that are saved in sub-folders; load them with their owner's reader,"
            + " not from JSON: "
            + json);
  }
}
