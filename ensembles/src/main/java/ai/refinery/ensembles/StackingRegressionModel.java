package ai.refinery.ensembles;

import ai.refinery.estimators.nested.EarlyUid;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link StackingRegressor}: the base models refitted on all rows and the meta model;
 * transform feeds the base models' predictions to the meta model, whose prediction is this model's
 * {@code predictionCol}.
 */
public class StackingRegressionModel extends RegressionModel<Vector, StackingRegressionModel>
    implements StackingModel {
  private static final long serialVersionUID = 1L;
  private final ModelState<EnsembleParamSpecs.Stacking, StackingFit.Result> state;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public StackingRegressionModel(String uid) {
    this(uid, new StackingFit.Result(List.of(), null, -1));
  }

  StackingRegressionModel(String uid, StackingFit.Result fitted) {
    this(EarlyUid.push(uid), fitted);
  }

  private StackingRegressionModel(EarlyUid.Token token, StackingFit.Result fitted) {
    super();
    state = new ModelState<>(EnsembleParamSpecs.Stacking.regressor(this, token), fitted);
  }

  @Override
  public ModelState<EnsembleParamSpecs.Stacking, StackingFit.Result> state() {
    return state;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return StackingSchemas.model(this, fitted().meta(), schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return StackingSchemas.transform(this, fitted(), "prediction", dataset);
  }

  /** The meta model's prediction for one feature vector (base models' predictions stacked). */
  @Override
  public double predict(Vector features) {
    return fitted()
        .meta()
        .predict(StackingRows.metaVector(fitted(), "prediction", getPassthrough(), features));
  }

  @Override
  public StackingRegressionModel copy(ParamMap extra) {
    StackingRegressionModel c = copyValues(new StackingRegressionModel(uid(), fitted()), extra);
    return (StackingRegressionModel) c.setParent(parent());
  }

  public static MLReader<StackingRegressionModel> read() {
    return StackingModelIO.reader(StackingRegressionModel.class, StackingRegressionModel::new);
  }

  public static StackingRegressionModel load(String path) {
    return read().load(path);
  }
}
