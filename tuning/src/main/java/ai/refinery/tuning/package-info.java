/**
 * Hyperparameter tuning: search spaces, search strategies (grid, random, Bayesian) with an ask/tell
 * interface, the Spark ML tuning job with its Delta trial history, and command trials.
 */
package ai.refinery.tuning;
