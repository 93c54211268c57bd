/**
 * Search spaces: typed ranges (continuous, integer, categorical) with their scaling, read from
 * Java, JSON or YAML, validated on construction. No search logic and no Spark here.
 */
package ai.refinery.tuning.space;
