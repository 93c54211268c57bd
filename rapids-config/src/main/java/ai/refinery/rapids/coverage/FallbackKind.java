package ai.refinery.rapids.coverage;

/** Why an operator stays on the CPU, grouped by what can be done about it. */
public enum FallbackKind {
  /** Not a fallback: the operator would run on the GPU. */
  NONE("runs on the GPU"),
  /** Known upstream limit: RAPIDS 25.04 on Spark 3.5 does not read DeltaParquetFileFormat. */
  DELTA_SCAN("known upstream limit: Delta scan (DeltaParquetFileFormat) stays on the CPU"),
  /** Known upstream limit: Spark ML vector columns (VectorUDT) are not a GPU type. */
  ML_VECTOR("known upstream limit: ML vector (VectorUDT) columns stay on the CPU"),
  /** Known upstream limit: Delta's write command and its table provider are CPU-only. */
  DELTA_WRITE("known upstream limit: the Delta write command stays on the CPU"),
  /** Our own code: a UDF or an expression the accelerator does not support. */
  USER_CODE("our code: a UDF or an unsupported expression"),
  /** Placed on the CPU only because a neighbouring operator is (a shuffle over a CPU scan...). */
  FOLLOW_ON("follows a neighbouring CPU operator"),
  /** Anything else. */
  OTHER("other");

  private final String description;

  FallbackKind(String description) {
    this.description = description;
  }

  /** One line for reports. */
  public String description() {
    return description;
  }
}
