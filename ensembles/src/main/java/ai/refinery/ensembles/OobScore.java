package ai.refinery.ensembles;

import java.io.Serializable;

/**
 * Out-of-bag estimate of a bagging ensemble.
 *
 * @param score accuracy (classifier) or R squared (regressor) over rows with at least one
 *     out-of-bag member
 * @param auc ROC AUC for two classes, NaN otherwise; for a regressor the RMSE
 * @param coverage share of the training rows that had at least one out-of-bag member
 */
public record OobScore(double score, double auc, double coverage) implements Serializable {
  /** Not computed. */
  public static final OobScore NONE = new OobScore(Double.NaN, Double.NaN, Double.NaN);
}
