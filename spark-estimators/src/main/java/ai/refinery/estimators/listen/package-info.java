/**
 * The one listener interface through which iterative training (epochs, boosting rounds, ensemble
 * members, folds, tuning trials) reports as it goes; early stopping, the median stopping rule,
 * progress bars and metrics tables hang off it. No training logic lives here.
 */
package ai.refinery.estimators.listen;
