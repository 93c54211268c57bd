package ai.refinery.ensembles;

import ai.refinery.estimators.nested.StageArrayParam;
import ai.refinery.estimators.nested.StageParam;
import ai.refinery.estimators.params.ParamSpecs;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link StackingClassifier}: the base models refitted on all rows and the meta model.
 * transform runs each base model, turns its {@code stackMethod} output into meta-features and
 * appends the meta model's outputs (prediction, rawPrediction, probability).
 */
public class StackingClassificationModel extends Model<StackingClassificationModel>
    implements StackingClassifierParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  final EnsembleParamSpecs.Stacking p;
  private final Param<String> stackMethod;
  private final List<Model<?>> bases;
  private final PredictionModel<Vector, ?> meta;
  private final int numClasses;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public StackingClassificationModel(String uid) {
    this(uid, List.of(), null, 2);
  }

  StackingClassificationModel(
      String uid, List<Model<?>> bases, PredictionModel<Vector, ?> meta, int numClasses) {
    this.uid = uid;
    this.bases = bases;
    this.meta = meta;
    this.numClasses = numClasses;
    p = new EnsembleParamSpecs.Stacking(this, new LogisticRegression(uid + "_meta"));
    stackMethod =
        ParamSpecs.enumParam(
            this,
            "stackMethod",
            "which output of the base models feeds the meta-estimator",
            StackMethod.class);
    setDefault(stackMethod, "probability");
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

  @Override
  public Param<String> stackMethod() {
    return stackMethod;
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
            dataset.toDF(),
            bases,
            getStackMethod(),
            numClasses,
            getPassthrough(),
            getFeaturesCol());
    Column[] cols =
        java.util.Arrays.stream(expected.fieldNames()).map(functions::col).toArray(Column[]::new);
    return meta.transform(withMeta).select(cols);
  }

  @Override
  public StackingClassificationModel copy(ParamMap extra) {
    StackingClassificationModel c =
        copyValues(new StackingClassificationModel(uid, bases, meta, numClasses), extra);
    return (StackingClassificationModel) c.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new StackingModelIO.Writer(this, bases, meta, numClasses);
  }

  public static MLReader<StackingClassificationModel> read() {
    return new StackingModelIO.Reader<>(
        StackingClassificationModel.class, StackingClassificationModel::new);
  }

  public static StackingClassificationModel load(String path) {
    return read().load(path);
  }
}
