/**
 * Test fixtures for the integration tests: S3Proxy as a child JVM with a JUnit 5 extension,
 * per-bucket s3a settings, log capture, child JVMs on the test classpath. No tests here.
 */
package ai.refinery.it.support;
