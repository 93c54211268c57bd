package ai.refinery.ensembles;

import ai.refinery.estimators.nested.EarlyUid;
import java.util.List;
import org.apache.spark.ml.classification.ClassificationModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link StackingClassifier}: the base models refitted on all rows and the meta model.
 * transform runs each base model, turns its {@code stackMethod} output into meta-features and
 * appends the meta model's outputs as this model's {@code predictionCol}, {@code rawPredictionCol}
 * and {@code probabilityCol} (an empty name skips a column, as in Spark's classifiers).
 */
public class StackingClassificationModel
    extends ProbabilisticClassificationModel<Vector, StackingClassificationModel>
    implements StackingClassifierParams, StackingModel {
  private static final long serialVersionUID = 1L;
  private final ModelState<EnsembleParamSpecs.Stacking, StackingFit.Result> state;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public StackingClassificationModel(String uid) {
    this(uid, new StackingFit.Result(List.of(), null, 2));
  }

  StackingClassificationModel(String uid, StackingFit.Result fitted) {
    this(EarlyUid.push(uid), fitted);
  }

  private StackingClassificationModel(EarlyUid.Token token, StackingFit.Result fitted) {
    super();
    state = new ModelState<>(EnsembleParamSpecs.Stacking.classifier(this, token), fitted);
  }

  @Override
  public ModelState<EnsembleParamSpecs.Stacking, StackingFit.Result> state() {
    return state;
  }

  /** Resolves the clash of Spark's two summary helpers for Java subclasses (no summary here). */
  @Override
  @SuppressWarnings("rawtypes")
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public int numClasses() {
    return fitted().numClasses();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return StackingSchemas.model(this, fitted().meta(), schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return StackingSchemas.transform(this, fitted(), getStackMethod(), dataset);
  }

  /** The meta model's raw prediction for one feature vector (base models' outputs stacked). */
  @Override
  @SuppressWarnings("unchecked")
  public Vector predictRaw(Vector features) {
    if (!(fitted().meta() instanceof ClassificationModel<?, ?>)) {
      throw new UnsupportedOperationException(
          "the meta model "
              + fitted().meta().getClass().getSimpleName()
              + " has no raw prediction; use transform on a dataset");
    }
    return ((ClassificationModel<Vector, ?>) (ClassificationModel<?, ?>) fitted().meta())
        .predictRaw(
            StackingRows.metaVector(fitted(), getStackMethod(), getPassthrough(), features));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector raw) {
    if (!(fitted().meta() instanceof ProbabilisticClassificationModel<?, ?> pm)) {
      throw new UnsupportedOperationException(
          "the meta model "
              + fitted().meta().getClass().getSimpleName()
              + " has no probability; use transform on a dataset");
    }
    return pm.raw2probabilityInPlace(raw);
  }

  @Override
  public StackingClassificationModel copy(ParamMap extra) {
    StackingClassificationModel c =
        copyValues(new StackingClassificationModel(uid(), fitted()), extra);
    return (StackingClassificationModel) c.setParent(parent());
  }

  public static MLReader<StackingClassificationModel> read() {
    return StackingModelIO.reader(
        StackingClassificationModel.class, StackingClassificationModel::new);
  }

  public static StackingClassificationModel load(String path) {
    return read().load(path);
  }
}
