/**
 * Refinery's core: shared params ({@code params}), schema checks, training listeners ({@code
 * listen}), the driver-side parallel runner ({@code run}), the one bridge into Spark's private ML
 * helpers ({@code internal}) and {@code feature.TabularFeaturizer}. Algorithms live in their own
 * modules (cv, tuning, ensembles) or sub-packages (neural).
 */
package ai.refinery.estimators;
