package ai.refinery.ensembles;

import java.io.Serializable;

/**
 * Out-of-bag estimate of a bagging ensemble.
 *
 * @param score accuracy (classifier) or R squared (regressor) over rows with at least one
 *     out-of-bag member
 * @param auc ROC AUC for two classes, NaN otherwise; for a regressor the RMSE
 * @param coverage share of the training rows that had at least one out-of-bag member
 * @param meanMembers mean number of out-of-bag members over the covered rows (about 37% of the
 *     members with bootstrap sampling): each row's vote comes from an ensemble of about this size,
 *     so with few members the estimate tends to understate the whole ensemble (NaN when loaded from
 *     a model saved before it was recorded)
 */
public record OobScore(double score, double auc, double coverage, double meanMembers)
    implements Serializable {
  /** Not computed. */
  public static final OobScore NONE = new OobScore(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
