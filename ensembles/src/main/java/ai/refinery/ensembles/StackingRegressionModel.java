package ai.refinery.ensembles;

import ai.refinery.estimators.nested.StageArrayParam;
import ai.refinery.estimators.nested.StageParam;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link StackingRegressor}: the base models refitted on all rows and the meta model;
 * transform feeds the base models' predictions to the meta model.
 */
public class StackingRegressionModel extends Model<StackingRegressionModel>
    implements StackingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  final EnsembleParamSpecs.Stacking p;
  private final List<Model<?>> bases;
  private final PredictionModel<Vector, ?> meta;
  private final int numClasses;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public StackingRegressionModel(String uid) {
    this(uid, List.of(), null, -1);
  }

  StackingRegressionModel(
      String uid, List<Model<?>> bases, PredictionModel<Vector, ?> meta, int numClasses) {
    this.uid = uid;
    this.bases = bases;
    this.meta = meta;
    this.numClasses = numClasses;
    p = new EnsembleParamSpecs.Stacking(this, new LinearRegression(uid + "_meta"));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<String> featuresCol() {
    return p.featuresCol;
  }

  @Override
  public Param<String> labelCol() {
    return p.labelCol;
  }

  @Override
  public Param<String> predictionCol() {
    return p.predictionCol;
  }

  @Override
  public IntParam numFolds() {
    return p.numFolds;
  }

  @Override
  public LongParam seed() {
    return p.seed;
  }

  @Override
  public Param<String> groupCol() {
    return p.groupCol;
  }

  @Override
  public IntParam parallelism() {
    return p.parallelism;
  }

  @Override
  public StageArrayParam baseEstimators() {
    return p.baseEstimators;
  }

  @Override
  public StageParam<PipelineStage> metaEstimator() {
    return p.metaEstimator;
  }

  @Override
  public BooleanParam passthrough() {
    return p.passthrough;
  }

  /** The base models, refitted on all rows, in base-estimator order. */
  public List<Model<?>> baseModels() {
    return List.copyOf(bases);
  }

  /** The meta model. */
  public PredictionModel<Vector, ?> metaModel() {
    return meta;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    ai.refinery.estimators.SchemaChecks.requireVector(schema, getFeaturesCol(), "featuresCol");
    return StackingSchemas.without(
        meta.transformSchema(schema.add(StackingFit.META, new VectorUDT(), false)),
        StackingFit.META);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType expected = transformSchema(dataset.schema());
    Dataset<Row> withMeta =
        StackingFit.metaFeatures(
            dataset.toDF(), bases, "prediction", numClasses, getPassthrough(), getFeaturesCol());
    Column[] cols =
        java.util.Arrays.stream(expected.fieldNames()).map(functions::col).toArray(Column[]::new);
    return meta.transform(withMeta).select(cols);
  }

  @Override
  public StackingRegressionModel copy(ParamMap extra) {
    StackingRegressionModel c =
        copyValues(new StackingRegressionModel(uid, bases, meta, numClasses), extra);
    return (StackingRegressionModel) c.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new StackingModelIO.Writer(this, bases, meta, numClasses);
  }

  public static MLReader<StackingRegressionModel> read() {
    return new StackingModelIO.Reader<>(
        StackingRegressionModel.class, StackingRegressionModel::new);
  }

  public static StackingRegressionModel load(String path) {
    return read().load(path);
  }
}
