/**
 * The JSON-lines ask/tell loop behind {@code refinery suggest}: any external program can drive the
 * optimiser through stdin/stdout. No Spark here.
 */
package ai.refinery.tuning.suggest;
