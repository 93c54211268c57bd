package ai.refinery.cv;

import ai.refinery.estimators.params.HasGroupCol;
import ai.refinery.estimators.params.ParamSpecs;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params of the group assigners ({@link GroupKFold}, {@link StratifiedGroupKFold}): {@code
 * groupCol}, {@code handleInvalid} and {@code shuffle} (declared in {@link Declared}), with their
 * getters and setters returning the concrete assigner type {@code T}.
 *
 * @param <T> the assigner
 */
public interface GroupFoldParams<T extends GroupFoldParams<T>> extends HasGroupCol, FoldSetters<T> {
  /** The param objects of this assigner (created in its constructor). */
  Declared groupParams();

  @Override
  default Param<String> groupCol() {
    return groupParams().groupCol;
  }

  /** What to do with null or NaN keys (groups, and labels where read): error, skip or keep. */
  default Param<String> handleInvalid() {
    return groupParams().handleInvalid;
  }

  /** Whether interchangeable groups are dealt in a seeded random order. */
  default BooleanParam shuffle() {
    return groupParams().shuffle;
  }

  default String getHandleInvalid() {
    return (String) getOrDefault(handleInvalid());
  }

  default boolean getShuffle() {
    return (Boolean) getOrDefault(shuffle());
  }

  /** Sets {@code groupCol}. */
  default T setGroupCol(String value) {
    return setParam(groupCol(), value);
  }

  /** Sets {@code handleInvalid}: error, skip or keep. */
  default T setHandleInvalid(String value) {
    return setParam(handleInvalid(), value);
  }

  /** Sets {@code shuffle}. */
  default T setShuffle(boolean value) {
    return setParam(shuffle(), value);
  }

  /** Creates the group params for one assigner and sets their defaults. */
  final class Declared implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Param<String> groupCol;
    final Param<String> handleInvalid;
    final BooleanParam shuffle;

    Declared(Params owner) {
      groupCol = ParamSpecs.groupCol(owner);
      handleInvalid = CvParamSpecs.handleInvalid(owner);
      shuffle = CvParamSpecs.shuffle(owner);
      owner.setDefault(groupCol, "group");
      owner.setDefault(handleInvalid, "error");
      owner.setDefault(shuffle, true);
    }
  }
}
