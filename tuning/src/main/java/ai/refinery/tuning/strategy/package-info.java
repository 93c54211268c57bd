/**
 * Search strategies behind an ask/tell interface, usable without Spark: grid, seeded random, and
 * Bayesian optimisation with a Gaussian process. {@link ai.refinery.tuning.strategy.Optimizer}
 * keeps trial ids, pending and finished trials; strategies only propose points.
 */
package ai.refinery.tuning.strategy;
