package ai.refinery.rapids.coverage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The steps of a Refinery training job, as {@code refinery gpu-check} reports them: read a Delta
 * table, prepare the features with built-in expressions, assign folds, the cross-validator's fold
 * sizes and per-fold train/validation splits, vector assembly (in one plan with the preparation,
 * and after a shuffle), scoring, and the batch-prediction write to Delta. The featurizer, fold
 * assigner and model are passed in as functions, so this module needs none of them at compile time.
 *
 * <pre>{@code
 * List<CoverageStep> steps = CoverageWorkload.table(path)
 *     .prepare(featurizerModel::prepare).assemble(featurizerModel::transform)
 *     .folds(FoldAssignment.hash("id", 42), "fold", 5).labelCol("label")
 *     .predict(model::transform).writePredictions(outPath)
 *     .steps(spark);
 * CoverageReport report = GpuCoverage.run(spark, steps);
 * }</pre>
 */
public final class CoverageWorkload {
  private final String table;
  private UnaryOperator<Dataset<Row>> prepare;
  private UnaryOperator<Dataset<Row>> assemble;
  private FoldAssignment folds;
  private String foldCol = "fold";
  private int numFolds = 5;
  private String labelCol = "label";
  private UnaryOperator<Dataset<Row>> predict;
  private String predictionsPath;

  private CoverageWorkload(String table) {
    this.table = Objects.requireNonNull(table, "table");
  }

  /** A workload reading the Delta table at this path (local, s3a://, ...). */
  public static CoverageWorkload table(String deltaPath) {
    return new CoverageWorkload(deltaPath);
  }

  /** The feature preparation with built-in expressions (e.g. TabularFeaturizerModel::prepare). */
  public CoverageWorkload prepare(UnaryOperator<Dataset<Row>> f) {
    this.prepare = f;
    return this;
  }

  /** Preparation plus vector assembly (e.g. TabularFeaturizerModel::transform). */
  public CoverageWorkload assemble(UnaryOperator<Dataset<Row>> f) {
    this.assemble = f;
    return this;
  }

  /** The fold assignment and its column and fold count (default: none). */
  public CoverageWorkload folds(FoldAssignment f, String foldCol, int numFolds) {
    this.folds = f;
    this.foldCol = foldCol;
    this.numFolds = numFolds;
    return this;
  }

  /** The label column used by the fold statistics (default "label"). */
  public CoverageWorkload labelCol(String labelCol) {
    this.labelCol = labelCol;
    return this;
  }

  /** Scoring of the assembled table (e.g. a fitted model's transform). */
  public CoverageWorkload predict(UnaryOperator<Dataset<Row>> f) {
    this.predict = f;
    return this;
  }

  /** Writes the scored table's non-vector columns to a Delta table here (overwrite). */
  public CoverageWorkload writePredictions(String deltaPath) {
    this.predictionsPath = deltaPath;
    return this;
  }

  /** The steps, in job order; plans are built when {@link GpuCoverage#run} reaches them. */
  public List<CoverageStep> steps(SparkSession spark) {
    if (prepare == null) {
      throw new IllegalArgumentException(
          "CoverageWorkload needs prepare(...): the featurizer's"
              + " built-in-expression preparation, e.g. TabularFeaturizerModel::prepare.");
    }
    if ((predict != null || predictionsPath != null) && assemble == null) {
      throw new IllegalArgumentException(
          "CoverageWorkload: predict/writePredictions need"
              + " assemble(...), the step that builds the features vector.");
    }
    if (predictionsPath != null && predict == null) {
      throw new IllegalArgumentException("CoverageWorkload: writePredictions needs predict(...).");
    }
    UnaryOperator<Dataset<Row>> withFolds =
        folds == null ? UnaryOperator.identity() : df -> folds.assign(df, foldCol, numFolds);
    List<CoverageStep> steps = new ArrayList<>();
    steps.add(
        CoverageStep.plan("scan + prepare", Stage.PREPARATION, () -> prepare.apply(read(spark))));
    if (folds != null) {
      steps.add(
          CoverageStep.plan(
              "assign folds",
              Stage.FOLD_ASSIGNMENT,
              () -> withFolds.apply(prepare.apply(read(spark)))));
      steps.add(
          CoverageStep.plan(
              "fold sizes and label mean",
              Stage.CV_SPLIT,
              () ->
                  withFolds
                      .apply(prepare.apply(read(spark)))
                      .groupBy(foldCol)
                      .agg(
                          functions.count("*").as("rows"),
                          functions.avg(labelCol).as("label_mean"))));
      steps.add(
          CoverageStep.plan(
              "cv split fold 0: train",
              Stage.CV_SPLIT,
              () ->
                  withFolds
                      .apply(prepare.apply(read(spark)))
                      .filter(functions.col(foldCol).notEqual(0))));
      steps.add(
          CoverageStep.plan(
              "cv split fold 0: validation",
              Stage.CV_SPLIT,
              () ->
                  withFolds
                      .apply(prepare.apply(read(spark)))
                      .filter(functions.col(foldCol).equalTo(0))));
    }
    if (assemble != null) {
      steps.add(
          CoverageStep.plan(
              "assemble vectors",
              Stage.VECTOR_ASSEMBLY,
              () -> assemble.apply(withFolds.apply(read(spark)))));
      // a shuffle between preparation and assembly keeps Spark from merging the preparation
      // into the assembly's CPU projection
      steps.add(
          CoverageStep.plan(
              "assemble after shuffle",
              Stage.VECTOR_ASSEMBLY,
              () -> {
                Dataset<Row> df = withFolds.apply(read(spark));
                Column by = functions.col(folds == null ? df.columns()[0] : foldCol);
                return assemble.apply(df.repartition(by));
              }));
    }
    if (predict != null) {
      steps.add(
          CoverageStep.plan(
              "predict",
              Stage.PREDICTION,
              () -> predict.apply(assemble.apply(withFolds.apply(read(spark))))));
    }
    if (predictionsPath != null) {
      steps.add(
          CoverageStep.action(
              "write predictions to Delta",
              Stage.WRITE,
              () -> scalarColumns(predict.apply(assemble.apply(withFolds.apply(read(spark))))),
              df -> df.write().format("delta").mode("overwrite").save(predictionsPath)));
    }
    return steps;
  }

  private Dataset<Row> read(SparkSession spark) {
    return spark.read().format("delta").load(table);
  }

  /** The table without its ML vector columns (what a prediction table keeps). */
  static Dataset<Row> scalarColumns(Dataset<Row> df) {
    Column[] keep =
        Arrays.stream(df.schema().fields())
            .filter(f -> !(f.dataType() instanceof VectorUDT))
            .map(f -> functions.col(f.name()))
            .toArray(Column[]::new);
    return df.select(keep);
  }
}
