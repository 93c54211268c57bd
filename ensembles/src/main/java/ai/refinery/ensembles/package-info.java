/**
 * Generic ensembles over any Spark ML estimator: bagging (with out-of-bag scores), AdaBoost
 * (SAMME), XGBoost wiring (validation folds, per-round listener events) and out-of-fold stacking.
 * Fold assignment itself lives in {@code ai.refinery.cv}; no single-model algorithms live here.
 */
package ai.refinery.ensembles;
