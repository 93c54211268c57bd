package ai.refinery.cv;

import ai.refinery.estimators.params.ParamCheck;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/** The one place the cv module's own params get a name, a doc and a validator. */
final class CvParamSpecs {
  private CvParamSpecs() {}

  static Param<String> handleInvalid(Params owner) {
    return new Param<>(
        owner,
        "handleInvalid",
        "what to do with rows whose label or group is null or NaN: 'error' fails before folds are"
            + " assigned, 'skip' drops those rows from the output, 'keep' treats null/NaN as one"
            + " class (or group) of its own",
        ParamCheck.oneOf("handleInvalid", "error", "skip", "keep"));
  }

  static IntParam numBins(Params owner) {
    return new IntParam(
        owner,
        "numBins",
        "0 stratifies on the label's values (classes); >= 2 stratifies a continuous label on this"
            + " many quantile bins",
        ParamCheck.of(
            "numBins",
            "must be 0 (classes) or >= 2 (quantile bins)",
            v -> (Integer) v == 0 || (Integer) v >= 2));
  }

  static BooleanParam shuffle(Params owner) {
    return new BooleanParam(
        owner,
        "shuffle",
        "shuffle (seeded) the order in which equal-size groups are dealt to folds; false makes the"
            + " folds independent of the seed");
  }

  static IntParam numRepeats(Params owner) {
    return new IntParam(
        owner,
        "numRepeats",
        "number of repeats (>= 1); each repeat uses its own seed derived from seed",
        ParamCheck.atLeast("numRepeats", 1));
  }

  static Param<String> repeatCol(Params owner) {
    return new Param<>(owner, "repeatCol", "repeat column name (int, 0..numRepeats-1)");
  }

  static StringArrayParam keyCols(Params owner) {
    return new StringArrayParam(
        owner,
        "keyCols",
        "columns that define a duplicate (rows equal on all of them); empty means all columns but"
            + " the fold, label, id and generated columns");
  }
}
