/**
 * End-to-end tests: Delta tables and saved models on s3a:// against S3Proxy on 127.0.0.1,
 * credentials kept out of every output, S3 outages, killed writers, and a multi-executor cluster.
 * Fixtures (S3 server, log capture, child JVMs) live in {@code ai.refinery.it.support}.
 */
package ai.refinery.it;
