/**
 * Driver-side orchestration shared by meta-estimators: running fits {@code parallelism} at a time,
 * short fit ids for log prefixes, and Spark job descriptions. No algorithms live here.
 */
package ai.refinery.estimators.run;
