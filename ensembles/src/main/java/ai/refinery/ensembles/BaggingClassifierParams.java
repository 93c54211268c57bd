package ai.refinery.ensembles;

import org.apache.spark.ml.param.Param;

/** Params of {@link BaggingClassifier} and its model. */
public interface BaggingClassifierParams extends BaggingParams {
  /** How members' outputs combine. */
  enum Voting {
    /** Average the members' class probabilities. */
    SOFT,
    /** Majority vote of the members' predictions; probabilities are vote shares. */
    HARD
  }

  /** soft (average probabilities) or hard (majority vote). */
  default Param<String> voting() {
    return baggingParams().voting;
  }

  default String getVoting() {
    return (String) getOrDefault(voting());
  }
}
