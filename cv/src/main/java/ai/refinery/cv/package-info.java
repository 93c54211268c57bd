/**
 * Fold assignment (k-fold, stratified, group, stratified-group, repeated), leakage-safe splits and
 * duplicate checks, and the {@link ai.refinery.cv.FoldCrossValidator}. Folds are data: every
 * assigner adds an integer fold column that the cross-validator, stacking and tuning read.
 * Estimators being cross-validated do not live here.
 */
package ai.refinery.cv;
