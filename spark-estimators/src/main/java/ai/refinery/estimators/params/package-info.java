/**
 * Shared params: each declared once in {@link ai.refinery.estimators.params.ParamSpecs} (name, doc,
 * validator) and exposed through a {@code Has*} interface. No stage logic lives here.
 */
package ai.refinery.estimators.params;
