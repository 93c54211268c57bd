package ai.refinery.estimators.params;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The base of a stage's setter interface: its setters, {@code default T setX(V value) { return
 * setParam(x(), value); }}, return the concrete stage type {@code T}, so calls chain ({@code new
 * KFold().setNumFolds(5).setSeed(7)} is a {@code KFold}).
 *
 * @param <T> the stage
 */
public interface SelfSetters<T> extends Params {
  /** Sets {@code param} to {@code value} and returns this stage. */
  @SuppressWarnings("unchecked")
  default <V> T setParam(Param<V> param, V value) {
    set(param, value);
    return (T) this;
  }
}
