package ai.refinery.ensembles;

import java.io.Serializable;

/**
 * What a fitted ensemble model keeps besides Spark's own state, in its one field: its param holder
 * (with its uid) and what fit produced. Null while Spark's superclass constructor runs.
 *
 * @param <P> the family's param holder
 * @param <F> the fitted parts
 */
record ModelState<P extends EnsembleParamSpecs.Core, F extends Serializable>(P params, F fitted)
    implements Serializable {

  /** The param holder of {@code state}, or null while the model is being built. */
  static <P extends EnsembleParamSpecs.Core> P params(ModelState<P, ?> state) {
    return state == null ? null : state.params();
  }
}
