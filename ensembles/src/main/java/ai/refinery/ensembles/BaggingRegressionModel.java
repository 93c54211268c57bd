package ai.refinery.ensembles;

import ai.refinery.estimators.nested.EarlyUid;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link BaggingRegressor}: the members, their seeds and feature subsets, and the
 * out-of-bag score (R squared, RMSE in {@link OobScore#auc}) when it was computed. The prediction
 * is the members' mean.
 */
public class BaggingRegressionModel extends RegressionModel<Vector, BaggingRegressionModel>
    implements BaggingModel, MLWritable {
  private static final long serialVersionUID = 1L;
  private final ModelState<EnsembleParamSpecs.Bagging, BaggingModel.Fitted> state;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public BaggingRegressionModel(String uid) {
    this(uid, new MemberSet(List.of(), new long[0], new int[0][]));
  }

  BaggingRegressionModel(String uid, MemberSet members) {
    this(EarlyUid.push(uid), members);
  }

  private BaggingRegressionModel(EarlyUid.Token token, MemberSet members) {
    super();
    state =
        new ModelState<>(
            EnsembleParamSpecs.Bagging.regressor(this, token), new BaggingModel.Fitted(members));
  }

  @Override
  public ModelState<EnsembleParamSpecs.Bagging, BaggingModel.Fitted> state() {
    return state;
  }

  BaggingRegressionModel setOob(OobScore s) {
    state.fitted().oob = s;
    return this;
  }

  @Override
  public double predict(Vector features) {
    double sum = 0;
    MemberSet members = members();
    for (int m = 0; m < members.size(); m++) {
      sum += members.predict(m, features);
    }
    return sum / Math.max(1, members.size());
  }

  @Override
  public BaggingRegressionModel copy(ParamMap extra) {
    BaggingRegressionModel c =
        copyValues(new BaggingRegressionModel(uid(), members()).setOob(oobScore()), extra);
    return (BaggingRegressionModel) c.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new BaggingModel.Writer(this, SUMMARY);
  }

  public static MLReader<BaggingRegressionModel> read() {
    return BaggingModel.reader(
        BaggingRegressionModel.class,
        (uid, members, s) ->
            new BaggingRegressionModel(uid, members).setOob(BaggingModel.oob(s, 0)));
  }

  public static BaggingRegressionModel load(String path) {
    return read().load(path);
  }

  static final StructType SUMMARY =
      new StructType()
          .add("oobScore", DataTypes.DoubleType, false)
          .add("oobRmse", DataTypes.DoubleType, false)
          .add("oobCoverage", DataTypes.DoubleType, false)
          .add("oobMeanMembers", DataTypes.DoubleType, false);
}
