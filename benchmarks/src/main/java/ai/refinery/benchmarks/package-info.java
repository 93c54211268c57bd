/**
 * Runnable benchmarks ({@code benchmarks/run <sub.Class>}): each prints figures and ratios against
 * a peer (Spark MLlib, scikit-learn, XGBoost, Optuna) measured in the same run. Not tests: nothing
 * here is asserted or timed by the test suite.
 */
package ai.refinery.benchmarks;
