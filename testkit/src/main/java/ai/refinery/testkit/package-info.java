/**
 * Test support shared by every Refinery module: one local SparkSession per test JVM, tiny datasets,
 * and {@link ai.refinery.testkit.StageContract}, the checks every public stage must pass. Nothing
 * here is shipped in the application jar.
 */
package ai.refinery.testkit;
