package ai.refinery.ensembles;

import ai.refinery.estimators.nested.EarlyUid;
import ai.refinery.estimators.nested.NestedStages;
import ai.refinery.estimators.nested.StageParam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link BaggingRegressor}: the members, their seeds and feature subsets, and the
 * out-of-bag score (R squared, RMSE in {@link OobScore#auc}) when it was computed. The prediction
 * is the members' mean.
 */
public class BaggingRegressionModel extends RegressionModel<Vector, BaggingRegressionModel>
    implements BaggingParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private String uid;
  private final EnsembleParamSpecs.Bagging p;
  private final MemberSet members;
  private OobScore oob = OobScore.NONE;

  /** For Spark's reflective copy; use the estimator to get a model. */
  public BaggingRegressionModel(String uid) {
    this(uid, new MemberSet(List.of(), new long[0], new int[0][]));
  }

  BaggingRegressionModel(String uid, MemberSet members) {
    this(EarlyUid.push(uid), members);
  }

  private BaggingRegressionModel(EarlyUid.Token token, MemberSet members) {
    super();
    uid();
    this.members = members;
    p = new EnsembleParamSpecs.Bagging(this, new DecisionTreeRegressor(uid + "_base"));
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = EarlyUid.take();
    }
    return uid;
  }

  @Override
  public StageParam<PipelineStage> baseEstimator() {
    return p.baseEstimator;
  }

  @Override
  public IntParam numMembers() {
    return p.numMembers;
  }

  @Override
  public DoubleParam sampleFraction() {
    return p.sampleFraction;
  }

  @Override
  public BooleanParam bootstrap() {
    return p.bootstrap;
  }

  @Override
  public DoubleParam featureFraction() {
    return p.featureFraction;
  }

  @Override
  public BooleanParam computeOob() {
    return p.computeOob;
  }

  @Override
  public IntParam parallelism() {
    return p.parallelism;
  }

  @Override
  public LongParam seed() {
    return p.seed;
  }

  /** Number of fitted members (fewer than numMembers when a listener stopped the fit). */
  public int memberCount() {
    return members.size();
  }

  /** The fitted member models, in member order. */
  public List<PredictionModel<Vector, ?>> memberModels() {
    return List.copyOf(members.models);
  }

  /** Feature indices member {@code m} sees, or null for all features. */
  public int[] memberFeatures(int m) {
    return members.featureIndices[m] == null ? null : members.featureIndices[m].clone();
  }

  /** The out-of-bag estimate ({@link OobScore#NONE} unless fitted with computeOob). */
  public OobScore oobScore() {
    return oob;
  }

  MemberSet members() {
    return members;
  }

  void setOob(OobScore s) {
    this.oob = s;
  }

  @Override
  public double predict(Vector features) {
    double sum = 0;
    for (int m = 0; m < members.size(); m++) {
      sum += members.predict(m, features);
    }
    return sum / Math.max(1, members.size());
  }

  @Override
  public BaggingRegressionModel copy(ParamMap extra) {
    BaggingRegressionModel c = copyValues(new BaggingRegressionModel(uid(), members), extra);
    c.oob = oob;
    return (BaggingRegressionModel) c.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<BaggingRegressionModel> read() {
    return new Reader();
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

  private static final class Writer extends MLWriter {
    private final BaggingRegressionModel model;

    Writer(BaggingRegressionModel model) {
      NestedStages.requireWritable(model);
      for (PredictionModel<Vector, ?> m : model.members.models) {
        NestedStages.requireWritable(model, "member model", m);
      }
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      try {
        NestedStages.saveParams(model, path, sc());
        model.members.save(path, sparkSession());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Row r =
          RowFactory.create(
              model.oob.score(), model.oob.auc(), model.oob.coverage(), model.oob.meanMembers());
      sparkSession()
          .createDataFrame(List.of(r), SUMMARY)
          .coalesce(1)
          .write()
          .parquet(path + "/data/summary");
    }
  }

  private static final class Reader extends MLReader<BaggingRegressionModel> {
    @Override
    public BaggingRegressionModel load(String path) {
      String uid = NestedStages.uid(path, sc(), BaggingRegressionModel.class);
      MemberSet members = MemberSet.load(path, sparkSession());
      Row s = sparkSession().read().parquet(path + "/data/summary").head();
      BaggingRegressionModel m = new BaggingRegressionModel(uid, members);
      // models saved before oobMeanMembers was recorded lack the field
      double voters =
          s.schema().getFieldIndex("oobMeanMembers").isDefined()
              ? s.getDouble(s.fieldIndex("oobMeanMembers"))
              : Double.NaN;
      m.oob = new OobScore(s.getDouble(0), s.getDouble(1), s.getDouble(2), voters);
      return NestedStages.loadParams(m, path, sc());
    }
  }
}
