/**
 * Explain-only GPU coverage: runs a workload's plans under the RAPIDS Accelerator in explainOnly
 * mode (no GPU needed), parses what the accelerator says about each operator and reports operators
 * eligible / total with every fallback and its reason ({@link
 * ai.refinery.rapids.coverage.GpuCoverage}). The RAPIDS jar is reached by reflection only, so this
 * package compiles and loads without it.
 */
package ai.refinery.rapids.coverage;
