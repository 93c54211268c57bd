/**
 * Typed job specs (YAML or JSON) and their strict loader: unknown keys, wrong types and missing
 * required keys are rejected with the key's path. No job logic lives here.
 */
package ai.refinery.jobs.spec;
