package ai.refinery.ensembles;

import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * What the fitted stacking models share besides their params: the base models, the meta model,
 * their accessors and their persistence ({@link StackingModelIO}).
 */
interface StackingModel extends StackingParams, MLWritable {
  /** The model's params and fitted models (null while Spark's constructor runs). */
  ModelState<EnsembleParamSpecs.Stacking, StackingFit.Result> state();

  @Override
  default EnsembleParamSpecs.Stacking stackingParams() {
    return ModelState.params(state());
  }

  /** The fitted base models, meta model and class count. */
  default StackingFit.Result fitted() {
    return state().fitted();
  }

  /** The base models, refitted on all rows, in base-estimator order. */
  default List<Model<?>> baseModels() {
    return List.copyOf(fitted().bases());
  }

  /** The meta model. */
  default PredictionModel<Vector, ?> metaModel() {
    return fitted().meta();
  }

  @Override
  default MLWriter write() {
    return new StackingModelIO.Writer(
        this, fitted().bases(), fitted().meta(), fitted().numClasses());
  }
}
