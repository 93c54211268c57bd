/**
 * The Spark ML tuning job: {@link ai.refinery.tuning.spark.HyperparameterTuner} and its model,
 * binding ranges to (nested) stage params, the Delta trial history, and the median stopping rule.
 * Search logic lives in {@code strategy}, not here.
 */
package ai.refinery.tuning.spark;
