package ai.refinery.ensembles;

import java.io.Serializable;

/**
 * Per-round record of an AdaBoost fit (every round run, including those after the best one that
 * early stopping dropped from the model).
 *
 * @param weightedError the round's weighted training error
 * @param alpha the round's weight in the ensemble
 * @param validationLogLoss the ensemble's validation log loss after the round (NaN without a
 *     validation set)
 * @param validationAccuracy the ensemble's validation accuracy after the round (NaN without one)
 * @param roundsKept rounds in the model (the best round under early stopping)
 * @param stopReason why boosting stopped
 */
public record AdaBoostSummary(
    double[] weightedError,
    double[] alpha,
    double[] validationLogLoss,
    double[] validationAccuracy,
    int roundsKept,
    String stopReason)
    implements Serializable {

  /** Number of rounds run. */
  public int roundsRun() {
    return alpha.length;
  }
}
