/**
 * Stages inside stages, one way for every module: {@link ai.refinery.estimators.nested.StageParam}
 * and {@link ai.refinery.estimators.nested.StageArrayParam} hold them, {@link
 * ai.refinery.estimators.nested.NestedStages} saves and loads them in one layout (like Spark's
 * Pipeline), and {@link ai.refinery.estimators.nested.EarlyUid} gives a Java subclass of a Spark
 * Scala stage its uid before the superclass constructor asks for it.
 */
package ai.refinery.estimators.nested;
