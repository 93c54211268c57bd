/**
 * Benchmarks of the ensembles module against scikit-learn/XGBoost reference results on the shared
 * datasets (same 5 folds). They print tables; they assert nothing.
 */
package ai.refinery.benchmarks.ensembles;
