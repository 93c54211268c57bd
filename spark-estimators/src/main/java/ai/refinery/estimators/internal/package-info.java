/**
 * The single bridge into Spark's Scala-private ML helpers (metadata read/write). Only {@link
 * ai.refinery.estimators.internal.SparkBridge} may call them; nothing else lives here.
 */
package ai.refinery.estimators.internal;
