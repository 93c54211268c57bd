/**
 * Turning a user's table into a features vector: {@link
 * ai.refinery.estimators.feature.TabularFeaturizer} (numeric and categorical columns, nulls, unseen
 * categories). Models and algorithms live elsewhere.
 */
package ai.refinery.estimators.feature;
