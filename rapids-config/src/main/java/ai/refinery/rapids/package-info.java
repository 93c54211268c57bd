/**
 * GPU configuration for the RAPIDS Accelerator: typed settings registered once ({@link
 * ai.refinery.rapids.GpuSettings}), named profiles turned into validated Spark confs ({@link
 * ai.refinery.rapids.GpuProfiles}) and the generator of {@code docs/rapids-config.md}. Explain-only
 * GPU coverage reports live in {@code ai.refinery.rapids.coverage}.
 */
package ai.refinery.rapids;
